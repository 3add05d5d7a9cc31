package dev.workpool.testsupport;

/**
 * Which database the integration tests use: the embedded one (default), or the external
 * MySQL/MariaDB named by {@code SPRING_DATASOURCE_URL} (as .ci/run's second pass sets
 * it).
 */
public final class TestDatabase {

	private TestDatabase() {
	}

	public static boolean isExternal() {
		String url = System.getenv("SPRING_DATASOURCE_URL");
		return url != null && !url.isBlank();
	}

	/**
	 * A database of its own on the external server, for a service process started by a
	 * test.
	 */
	public static String externalUrl(String database) {
		return schemaUrl(System.getenv("SPRING_DATASOURCE_URL"), database);
	}

	/**
	 * The URL of {@code database} on the server {@code jdbcUrl} names (created when first
	 * used).
	 */
	public static String schemaUrl(String jdbcUrl, String database) {
		int slash = jdbcUrl.indexOf('/', "jdbc:mysql://".length());
		return jdbcUrl.substring(0, slash) + "/" + database
				+ "?createDatabaseIfNotExist=true&rewriteBatchedStatements=true";
	}

	public static String externalUser() {
		String user = System.getenv("SPRING_DATASOURCE_USERNAME");
		return (user != null) ? user : "root";
	}

	public static String externalPassword() {
		String password = System.getenv("SPRING_DATASOURCE_PASSWORD");
		return (password != null) ? password : "";
	}

}
