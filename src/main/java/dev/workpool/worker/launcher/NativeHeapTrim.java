package dev.workpool.worker.launcher;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Has idle workers give freed native memory (malloc arenas) back to the system: the
 * option {@code -XX:TrimNativeHeapInterval}, in JDKs since 17.0.9 and 21.0.1. Workers run
 * on the service's own JVM ({@code java.home}), so whether they know the flag is whether
 * this JVM knows it; an older JDK would refuse to start with it, so it is only added
 * where known, and never over an operator's own setting. About 2.5 MB less RSS per idle
 * worker (BENCHMARKS.md, finding 13).
 */
final class NativeHeapTrim {

	static final String FLAG = "TrimNativeHeapInterval";

	/** Every second: a trim of an idle worker costs microseconds. */
	static final String OPTION = "-XX:" + FLAG + "=1000";

	private NativeHeapTrim() {
	}

	/** The option to add to {@code configured}, if any. */
	static List<String> options(List<String> configured) {
		if (configured.stream().anyMatch((option) -> option.startsWith("-XX:" + FLAG + "="))) {
			return List.of();
		}
		return isKnown() ? List.of(OPTION) : List.of();
	}

	/** Whether this JVM has the flag. */
	static boolean isKnown() {
		try {
			ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption(FLAG);
			return true;
		}
		catch (IllegalArgumentException | UnsupportedOperationException ex) {
			return false;
		}
	}

}
