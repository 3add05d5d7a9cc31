package dev.workpool.worker;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import dev.workpool.testsupport.IntegrationTest;

/**
 * A worker-level test with real worker processes and a real database: the server of the
 * shared test context (embedded or external), in a schema of the worker tests' own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@IntegrationTest
@ExtendWith(WorkerIntegrationTest.Database.class)
public @interface WorkerIntegrationTest {

	/** Points {@link WorkerTestDatabase} at the test context's database server. */
	final class Database implements BeforeAllCallback {

		@Override
		public void beforeAll(ExtensionContext context) throws Exception {
			DataSource dataSource = SpringExtension.getApplicationContext(context).getBean(DataSource.class);
			HikariDataSource hikari = dataSource.unwrap(HikariDataSource.class);
			WorkerTestDatabase.useServerOf(hikari.getJdbcUrl(), hikari.getUsername(), hikari.getPassword());
		}

	}

}
