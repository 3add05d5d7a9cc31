package dev.workpool.testsupport;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

import dev.workpool.scheduler.Dispatcher;

/**
 * For tests of the API and the job store that need jobs to stay where SQL put them: the
 * node's dispatcher claims nothing during the test (it still settles cancels).
 */
public final class PauseClaimingExtension implements BeforeEachCallback, AfterEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		dispatcher(context).pauseClaiming();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		dispatcher(context).resumeClaiming();
	}

	private static Dispatcher dispatcher(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context).getBean(Dispatcher.class);
	}

}
