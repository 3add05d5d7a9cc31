package dev.workpool.api;

import org.junit.jupiter.api.Test;

import org.springframework.http.ProblemDetail;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.ServletWebRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionHandlerTest {

	@Test
	void unexpectedErrorIsA500WhoseDetailRevealsNothingOfTheCause() {
		IllegalStateException cause = new IllegalStateException("password=hunter2 at dev.workpool.jobs.Secret");
		ProblemDetail problem = new ApiExceptionHandler().unexpected(cause,
				new ServletWebRequest(new MockHttpServletRequest("GET", "/api/v1/jobs")));
		assertThat(problem.getStatus()).isEqualTo(500);
		assertThat(problem.getDetail()).doesNotContain("hunter2", "dev.workpool", "IllegalState");
		assertThat(problem.getProperties()).isNullOrEmpty();
	}

}
