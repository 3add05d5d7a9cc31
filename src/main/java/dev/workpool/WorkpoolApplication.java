package dev.workpool;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Workpool: managed parallel workloads in isolated worker processes.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkpoolApplication {

	public static void main(String[] args) {
		SpringApplication.run(WorkpoolApplication.class, args);
	}

}
