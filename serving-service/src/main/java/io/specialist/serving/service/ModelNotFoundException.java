package io.specialist.serving.service;

/** The request named a model version this replica does not have loaded, or the registry does not know. */
public class ModelNotFoundException extends ServingException {

    public ModelNotFoundException(String detail) {
        super(404, "Model not found", detail);
    }
}
