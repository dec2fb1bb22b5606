package com.example.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import com.fasterxml.jackson.databind.jsontype.impl.LaissezFaireSubTypeValidator;

public class Mappers {
    public ObjectMapper legacy() {
        ObjectMapper mapper = new ObjectMapper();
        // ruleid: jackson-unsafe-default-typing
        mapper.enableDefaultTyping();
        return mapper;
    }

    public ObjectMapper legacyWithMode() {
        // ruleid: jackson-unsafe-default-typing
        return new ObjectMapper().enableDefaultTyping(ObjectMapper.DefaultTyping.NON_FINAL);
    }

    public ObjectMapper laissezFaire() {
        ObjectMapper mapper = new ObjectMapper();
        // ruleid: jackson-unsafe-default-typing
        mapper.activateDefaultTyping(LaissezFaireSubTypeValidator.instance, ObjectMapper.DefaultTyping.EVERYTHING);
        return mapper;
    }

    public ObjectMapper restricted() {
        ObjectMapper mapper = new ObjectMapper();
        // ok: jackson-unsafe-default-typing
        mapper.activateDefaultTyping(
                BasicPolymorphicTypeValidator.builder().allowIfSubType("com.example.dto.").build(),
                ObjectMapper.DefaultTyping.NON_FINAL);
        return mapper;
    }

    static class Envelope {
        // ruleid: jackson-unsafe-default-typing
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
        Object payload;
    }

    // ruleid: jackson-unsafe-default-typing
    @JsonTypeInfo(use = JsonTypeInfo.Id.MINIMAL_CLASS)
    abstract static class Event {
    }

    // ok: jackson-unsafe-default-typing
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = Card.class, name = "card")})
    abstract static class Payment {
    }

    static class Card extends Payment {
    }
}
