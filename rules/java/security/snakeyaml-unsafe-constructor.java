package com.example.config;

import java.io.InputStream;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.Constructor;
import org.yaml.snakeyaml.constructor.SafeConstructor;

public class YamlLoader {
    public Object load(InputStream in) {
        // ruleid: snakeyaml-unsafe-constructor
        Yaml yaml = new Yaml();
        return yaml.load(in);
    }

    public AppConfig typed(String text) {
        // ruleid: snakeyaml-unsafe-constructor
        Yaml yaml = new Yaml(new Constructor(AppConfig.class));
        return yaml.loadAs(text, AppConfig.class);
    }

    public Map<String, Object> safe(InputStream in) {
        // ok: snakeyaml-unsafe-constructor
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        return yaml.load(in);
    }

    static class AppConfig {
    }
}
