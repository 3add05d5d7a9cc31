package dev.workpool.jobs;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque cursor of a job list page: base64url of {@code "j" + lastId}. Clients must
 * not build it themselves.
 */
final class JobCursor {

	private static final String PREFIX = "j";

	private JobCursor() {
	}

	static String after(long lastId) {
		byte[] text = (PREFIX + lastId).getBytes(StandardCharsets.US_ASCII);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(text);
	}

	/**
	 * The id below which the next page starts; {@link Long#MAX_VALUE} for no cursor.
	 * @throws InvalidJobException naming {@code cursor} if it was not made by
	 * {@link #after(long)}
	 */
	static long parse(String cursor) {
		if (cursor == null || cursor.isEmpty()) {
			return Long.MAX_VALUE;
		}
		try {
			String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
			if (text.startsWith(PREFIX)) {
				long id = Long.parseLong(text.substring(PREFIX.length()));
				if (id > 0) {
					return id;
				}
			}
		}
		catch (IllegalArgumentException ex) {
			// not base64url or not a number: fall through
		}
		throw new InvalidJobException("cursor", "is not a cursor returned by this API");
	}

}
