package dev.workpool.lock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Maps a requested lock name to the name the database sees.
 * <ul>
 * <li>Every name gets the prefix {@value #PREFIX}.</li>
 * <li>{@code workpool:<name>} is used as it is when it has at most {@value #MAX_LENGTH}
 * characters and {@code <name>} consists only of {@code a-z 0-9 : . _ -}.</li>
 * <li>Any other name (longer, upper case, other characters) becomes
 * {@code workpool:<readable prefix>#<32 hex digits>}: up to 22 characters of the name
 * with characters outside {@code A-Za-z0-9:._-} replaced by {@code _}, then {@code #} and
 * the first 128 bits of the SHA-256 of the UTF-8 name, 64 characters at most.</li>
 * </ul>
 * Names used as they are never contain {@code #}, hashed ones always do, so the two kinds
 * never meet. Hashing names with upper-case letters matters because the server compares
 * lock names case-insensitively: {@code Job} and {@code job} stay distinct locks.
 */
final class LockNames {

	static final String PREFIX = "workpool:";

	/** MySQL's limit for user-level lock names (MariaDB has none; we keep to it). */
	static final int MAX_LENGTH = 64;

	private static final int READABLE = 22;

	private static final int HASH_HEX = 32;

	private LockNames() {
	}

	static String toDatabaseName(String name) {
		if (name == null || name.isEmpty()) {
			throw new LockUnavailableException(PREFIX, "a lock needs a non-empty name", null);
		}
		String plain = PREFIX + name;
		if (plain.length() <= MAX_LENGTH && isPlain(name)) {
			return plain;
		}
		StringBuilder readable = new StringBuilder(PREFIX);
		name.codePoints().limit(READABLE).forEach((c) -> readable.append(isSafe(c) ? (char) c : '_'));
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
