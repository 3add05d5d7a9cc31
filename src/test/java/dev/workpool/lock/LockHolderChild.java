package dev.workpool.lock;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Test child: {@code url user <lockName>}: acquires the lock, prints
 * {@code HOLDING <connectionId>}, then sleeps until killed.
 */
public final class LockHolderChild {

	private LockHolderChild() {
	}

	public static void main(String[] args) throws Exception {
		HikariDataSource pool = ChildPool.fromArgs(args, 1);
		LockHandle handle = new LockService(pool, LockOwner.currentProcess("child-node").forJob(99)).acquire(args[2],
				Duration.ofSeconds(30));
		System.out.println("HOLDING " + handle.connectionId());
		System.out.flush();
		Thread.sleep(Long.MAX_VALUE);
	}

}
