package dev.workpool.worker.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

/**
 * A DataSource that counts the connections taken from it; everything else (unwrap to
 * Hikari, so locks can still evict) goes to the real one. A job-log append takes exactly
 * one, for its lock: the count is the number of lock acquisitions.
 */
final class CountingDataSource {

	private CountingDataSource() {
	}

	static DataSource of(DataSource dataSource, AtomicInteger connections) {
		return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(),
				new Class<?>[] { DataSource.class }, (proxy, method, arguments) -> {
					if (method.getName().equals("getConnection")) {
						connections.incrementAndGet();
					}
					try {
						return method.invoke(dataSource, arguments);
					}
					catch (InvocationTargetException ex) {
						throw ex.getCause();
					}
				});
	}

}
