package dev.workpool.lock;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who holds a lock, as shown by {@link LockService#heldLocks()}: the process id, the node
 * (service instance) it belongs to, and the job it works for, if any.
 *
 * @param pid operating-system process id of the holder
 * @param node the node id (or host name) of the holder
 * @param jobId the job the holder works for, or null
 */
public record LockOwner(long pid, String node, Long jobId) {

	/** This process on {@code node}, for no particular job. */
	public static LockOwner currentProcess(String node) {
		return new LockOwner(ProcessHandle.current().pid(), (node != null) ? node : hostName(), null);
	}

	/** This process, on a node named after the host. */
	public static LockOwner currentProcess() {
		return currentProcess(null);
	}

	/** The same holder, working for {@code jobId}. */
	public LockOwner forJob(long jobId) {
		return new LockOwner(this.pid, this.node, jobId);
	}

	/**
	 * This machine's name: {@code $HOSTNAME} (the pod name on Kubernetes), else the
	 * resolver's.
	 */
	public static String hostName() {
		String env = System.getenv("HOSTNAME");
		if (env != null && !env.isBlank()) {
			return env;
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
