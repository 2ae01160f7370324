package io.specialist.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Who runs a job: {@code <node>/<instance>}. The node is the host name (stable across restarts of the
 * same container or machine), the instance is new for every start. A job owned by another instance of
 * this node is certainly orphaned: that instance is gone because we are running in its place.
 */
@ApplicationScoped
public class RunnerIdentity {

    private final String node;
    private final String instance;

    public RunnerIdentity() {
        this.node = localNode();
        this.instance = UUID.randomUUID().toString().substring(0, 8);
    }

    public String ownerId() {
        return node + "/" + instance;
    }

    public String node() {
        return node;
    }

    /** Whether {@code ownerId} is a previous instance on this same node. */
    public boolean isDeadPredecessor(String ownerId) {
        return ownerId != null && ownerId.startsWith(node + "/") && !ownerId.equals(ownerId());
    }

    /** This machine's (or container's) node name. */
    public static String localNode() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
