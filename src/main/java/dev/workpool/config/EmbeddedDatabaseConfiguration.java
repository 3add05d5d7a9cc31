package dev.workpool.config;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.workpool.embeddeddb.EmbeddedMariaDb;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded MariaDB and builds the service's {@link DataSource} on it, when no
 * {@code spring.datasource.url} is set. With a URL set, nothing here runs and Boot's own
 * DataSource auto-configuration connects to that database.
 * <p>
 * The pool still honours {@code spring.datasource.hikari.*}; Flyway runs against it as it
 * would against any DataSource. The DataSource depends on the server, so on shutdown the
 * pool closes first, then the server stops.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedMariaDb embeddedMariaDb(WorkpoolProperties properties) {
		WorkpoolProperties.EmbeddedDb embedded = properties.embeddedDb();
		return EmbeddedMariaDb.start(embedded.dataDir(), embedded.port(), embedded.database());
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedMariaDb embeddedMariaDb) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(embeddedMariaDb.jdbcUrl());
		dataSource.setUsername(embeddedMariaDb.user());
		dataSource.setPassword(embeddedMariaDb.password());
		return dataSource;
	}

	/** Matches when {@code spring.datasource.url} is unset or blank. */
	static final class NoDataSourceUrl implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
		}

	}

}
