package dev.workpool.lock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The own small HikariCP pool of a child JVM, as a worker builds it. */
public final class ChildPool {

	private ChildPool() {
	}

	/** From {@code args[0]} (url), {@code args[1]} (user) and the password on stdin. */
	public static HikariDataSource fromArgs(String[] args, int size) throws IOException {
		String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
		HikariConfig config = new HikariConfig();
		config.setPoolName("child-" + ProcessHandle.current().pid());
		config.setJdbcUrl(args[0]);
		config.setUsername(args[1]);
		config.setPassword((password != null) ? password : "");
		config.setMaximumPoolSize(size);
		config.setMinimumIdle(1);
		return new HikariDataSource(config);
	}

}
