package dev.workpool.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * A test against the whole service: real HTTP on a random port, the real embedded MariaDB
 * (one per test JVM, shared through Spring's context cache) or the external database,
 * real worker processes. Tables are emptied before each test. An {@link ApiClient} of the
 * service can be {@code @Autowired}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("it")
@ExtendWith(CleanDatabaseExtension.class)
@Import(ApiClientConfiguration.class)
public @interface IntegrationTest {

}
