package dev.workpool;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the package structure of STYLE.md: no cycles, a Spring-free worker side, an API
 * that only talks to the front doors.
 */
class ArchitectureTest {

	/** The packages whose classes run in worker processes. */
	private static final String[] WORKER_SIDE = { "dev.workpool.worker.protocol..", "dev.workpool.worker.runtime..",
			"dev.workpool.tasks.spi..", "dev.workpool.tasks.builtin..", "dev.workpool.lock..",
			"dev.workpool.joblog.." };

	/**
	 * What the worker side may use: the JDK, its own packages and the worker's libraries.
	 */
	private static final String[] WORKER_CLASS_PATH = Stream.concat(Stream.of(WORKER_SIDE),
			Stream.of("java..", "javax.sql..", "tools.jackson..", "com.fasterxml.jackson.annotation..",
					"com.zaxxer.hikari..", "org.slf4j..", "com.mysql..", "dev.workpool"))
		.toArray(String[]::new);

	static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.workpool");
	}

	@Test
	void packagesHaveNoCycles() {
		slices().matching("dev.workpool.(**)").should().beFreeOfCycles().check(classes);
	}

	@Test
	void workerSideAndPlainCorePackagesDoNotDependOnSpring() {
		noClasses().that()
			.resideInAnyPackage(Stream.concat(Stream.of(WORKER_SIDE), Stream.of("dev.workpool.embeddeddb.."))
				.toArray(String[]::new))
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework..")
			.check(classes);
	}

	@Test
	void workerMainClassStartsWithoutTheServiceClasses() {
		noClasses().that()
			.resideInAnyPackage("dev.workpool.worker.runtime..", "dev.workpool.worker.protocol..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.workpool.api..", "dev.workpool.scheduler..", "dev.workpool.jobs..",
					"dev.workpool.config..", "dev.workpool.worker.launcher..")
			.check(classes);
	}

	@Test
	void apiDoesNotReachIntoSchedulerOrWorkers() {
		noClasses().that()
			.resideInAPackage("dev.workpool.api..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.workpool.scheduler..", "dev.workpool.worker..")
			.check(classes);
	}

	/**
	 * Workers run with the libraries of {@code WorkerLibraries} only (Jackson, HikariCP,
	 * the MySQL driver, SLF4J): code that runs in a worker may use nothing else.
	 */
	@Test
	void workerSideUsesOnlyTheLibrariesOnTheWorkersClassPath() {
		noClasses().that()
			.resideInAnyPackage(WORKER_SIDE)
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages(WORKER_CLASS_PATH)
			.check(classes);
	}

	@Test
	void workerProtocolUsesOnlyTheJdk() {
		noClasses().that()
			.resideInAPackage("dev.workpool.worker.protocol..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("java..", "dev.workpool.worker.protocol..", "dev.workpool")
			.check(classes);
	}

	@Test
	void lockAndJobLogUseNoServiceClasses() {
		noClasses().that()
			.resideInAnyPackage("dev.workpool.lock..", "dev.workpool.joblog..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.workpool.api..", "dev.workpool.scheduler..", "dev.workpool.jobs..",
					"dev.workpool.config..", "dev.workpool.worker..", "dev.workpool.tasks..")
			.check(classes);
	}

	@Test
	void lockUsesOnlyTheJdkJdbcPoolAndLogging() {
		noClasses().that()
			.resideInAPackage("dev.workpool.lock..")
			.should()
			.dependOnClassesThat()
			.resideOutsideOfPackages("java..", "javax.sql..", "com.zaxxer.hikari..", "org.slf4j..",
					"dev.workpool.lock..", "dev.workpool")
			.check(classes);
	}

}
