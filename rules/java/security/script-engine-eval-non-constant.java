package com.example.rules;

import javax.script.Bindings;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;

public class RuleEvaluator {
    private static final String INIT_SCRIPT = "var total = 0;";
    private final ScriptEngine engine = new ScriptEngineManager().getEngineByName("javascript");

    public Object evaluate(String expression) throws ScriptException {
        // ruleid: script-engine-eval-non-constant
        return engine.eval(expression);
    }

    public Object discount(String customerRule, double amount) throws ScriptException {
        // ruleid: script-engine-eval-non-constant
        return engine.eval("var amount = " + amount + "; " + customerRule);
    }

    public Object formatted(String field) throws ScriptException {
        // ruleid: script-engine-eval-non-constant
        return new ScriptEngineManager().getEngineByExtension("js").eval(String.format("order.%s", field));
    }

    public Object withBindings(String userScript, Bindings bindings) throws ScriptException {
        // ruleid: script-engine-eval-non-constant
        return engine.eval(userScript, bindings);
    }

    public Object safe(double amount) throws ScriptException {
        // ok: script-engine-eval-non-constant
        engine.eval(INIT_SCRIPT);
        Bindings b = engine.createBindings();
        b.put("amount", amount);
        // ok: script-engine-eval-non-constant
        return engine.eval("amount * 1.2", b);
    }

    public Object safeLocal() throws ScriptException {
        String script = "Math.max(1, 2)";
        // ok: script-engine-eval-non-constant
        return engine.eval(script);
    }
}
