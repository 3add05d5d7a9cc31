package dev.workpool.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps a requested lock name to the name the database sees.
 * <ul>
 * <li>Every name gets the prefix of its installation ({@link #prefix(String)}):
 * {@code workpool@<schema>:}. Lock names are global to a database server, not to a
 * schema, so two installations in two schemas of one server would otherwise share
 * {@code joblog:1}.</li>
 * <li>{@code <prefix><name>} is used as it is when it has at most {@value #MAX_LENGTH}
 * characters and {@code <name>} consists only of {@code a-z 0-9 : . _ -}.</li>
 * <li>Any other name (longer, upper case, other characters) becomes
 * {@code <prefix><readable part>#<32 hex digits>}: up to 22 characters of the name with
 * characters outside {@code A-Za-z0-9:._-} replaced by {@code _} (fewer when the prefix
 * is long), then {@code #} and the first 128 bits of the SHA-256 of the UTF-8 name, 64
 * characters at most.</li>
 * </ul>
 * Names used as they are never contain {@code #}, hashed ones always do, so the two kinds
 * never meet; neither contains {@code @}, so no name of one installation is the name of
 * another's. Hashing names with upper-case letters matters because the server compares
 * lock names case-insensitively: {@code Job} and {@code job} stay distinct locks.
 */
final class LockNames {

	/**
	 * The prefix of every installation's names: what the server views are filtered by.
	 */
	static final String FAMILY = "workpool";

	/** The prefix when the connection names no schema. */
	static final String PREFIX = FAMILY + ":";

	/** The longest schema name used as it is in a prefix; longer ones are hashed. */
	static final int MAX_SCHEMA = 16;

	/** MySQL's limit for user-level lock names (MariaDB has none; we keep to it). */
	static final int MAX_LENGTH = 64;

	private static final int READABLE = 22;

	private static final int HASH_HEX = 32;

	private LockNames() {
	}

	/**
	 * The prefix of the names of the installation whose tables are in {@code schema}:
	 * {@code workpool@<schema>:} for a schema of at most {@value #MAX_SCHEMA} characters
	 * of {@code a-z 0-9 _}, {@code workpool@~<8 hex digits of its SHA-256>:} for any
	 * other, {@value #PREFIX} when there is none.
	 */
	static String prefix(String schema) {
		if (schema == null || schema.isEmpty()) {
			return PREFIX;
		}
		boolean plain = schema.length() <= MAX_SCHEMA
				&& schema.chars().allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
		return FAMILY + "@" + (plain ? schema : "~" + sha256Hex(schema).substring(0, 8)) + ":";
	}

	static String toDatabaseName(String prefix, String name) {
		if (name == null || name.isEmpty()) {
			throw new LockUnavailableException(prefix, "a lock needs a non-empty name", null);
		}
		String plain = prefix + name;
		if (plain.length() <= MAX_LENGTH && isPlain(name)) {
			return plain;
		}
		int readableLength = Math.min(READABLE, MAX_LENGTH - prefix.length() - 1 - HASH_HEX);
		StringBuilder readable = new StringBuilder(prefix);
		name.codePoints().limit(readableLength).forEach((c) -> readable.append(isSafe(c) ? (char) c : '_'));
		return readable.append('#').append(sha256Hex(name), 0, HASH_HEX).toString();
	}

	private static boolean isPlain(String name) {
		return name.chars()
			.allMatch((c) -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '.' || c == '_'
					|| c == '-');
	}

	private static boolean isSafe(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '.'
				|| c == '_' || c == '-';
	}

	private static String sha256Hex(String name) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
