package dev.workpool.jobs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A thread-safe map that forgets its least recently used entry once it holds more than
 * {@code maxEntries}: the memory of the service's read caches stays bounded.
 */
final class LruCache<K, V> {

	private final Map<K, V> entries;

	LruCache(int maxEntries) {
		this.entries = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
				return size() > maxEntries;
			}

		});
	}

	V get(K key) {
		return this.entries.get(key);
	}

	void put(K key, V value) {
		this.entries.put(key, value);
	}

	void remove(K key) {
		this.entries.remove(key);
	}

}
