package dev.workpool.api;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionHandlerTest {

	@Test
	void unexpectedErrorIsA500WhoseDetailRevealsNothingOfTheCause() {
		IllegalStateException cause = new IllegalStateException("password=hunter2 at dev.workpool.jobs.Secret");
		ProblemDetail problem = new ApiExceptionHandler()
			.unexpected(cause, new ServletWebRequest(new MockHttpServletRequest("GET", "/api/v1/jobs")))
			.getBody();
		assertThat(problem.getStatus()).isEqualTo(500);
		assertThat(problem.getDetail()).doesNotContain("hunter2", "dev.workpool", "IllegalState");
		assertThat(problem.getProperties()).isNullOrEmpty();
	}

	@Test
	void anUnreachableDatabaseIsA503WithRetryAfterNeverA500() {
		CannotGetJdbcConnectionException cause = new CannotGetJdbcConnectionException("Failed to obtain connection",
				new SQLTransientConnectionException("workpool-service - Connection is not available"));
		ResponseEntity<ProblemDetail> response = new ApiExceptionHandler().unexpected(
				new IllegalStateException("wrapped", cause),
				new ServletWebRequest(new MockHttpServletRequest("GET", "/api/v1/jobs/1")));
		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("5");
		assertThat(response.getBody().getDetail()).doesNotContain("workpool-service");
	}

}
