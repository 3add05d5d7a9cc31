package dev.workpool.tasks.builtin;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InputTemplateTest {

	@Test
	void fillsFieldsOfAnObjectInput() {
		InputTemplate template = InputTemplate.of("/users/{id}/{user.name}?n={n}&ok={ok}&x={missingOk}");
		Map<String, Object> input = Map.of("id", 42, "user", Map.of("name", "ada"), "n", 1.5, "ok", true, "missingOk",
				"");
		assertThat(template.expand(input)).isEqualTo("/users/42/ada?n=1.5&ok=true&x=");
		assertThat(template.placeholders()).containsExactly("id", "user.name", "n", "ok", "missingOk");
	}

	@Test
	void inputIsTheWholeInput() {
		assertThat(InputTemplate.of("item-{input}").expand("a b")).isEqualTo("item-a b");
		assertThat(InputTemplate.of("item-{input}").expand(7)).isEqualTo("item-7");
		assertThat(InputTemplate.of("{input}").expand(List.of(1, "x"))).isEqualTo("[1,\"x\"]");
		assertThat(InputTemplate.of("{input}").expand(null)).isEmpty();
	}

	@Test
	void bracesThatAreNoPlaceholderStayAsTheyAre() {
		InputTemplate body = InputTemplate.of("{\"name\": \"{name}\", \"tags\": {}, \"x\": { y }}");
		assertThat(body.expand(Map.of("name", "ada"))).isEqualTo("{\"name\": \"ada\", \"tags\": {}, \"x\": { y }}");
	}

	@Test
	void objectsAndNullsOfFields() {
		Map<String, Object> input = new java.util.HashMap<>();
		input.put("a", Map.of("b", 1));
		input.put("n", null);
		assertThat(InputTemplate.of("{a}|{n}").expand(input)).isEqualTo("{\"b\":1}|");
	}

	@Test
	void urlEncodingKeepsValuesInsideTheirSegment() {
		String url = InputTemplate.of("http://h/p/{v}?q={v}")
			.expand(Map.of("v", "a/b?c#d@e f+é&x=1"), InputTemplate::urlEncode);
		assertThat(url)
			.isEqualTo("http://h/p/a%2Fb%3Fc%23d%40e%20f%2B%C3%A9%26x%3D1?q=a%2Fb%3Fc%23d%40e%20f%2B%C3%A9%26x%3D1");
		assertThat(InputTemplate.urlEncode("AZaz09-._~")).isEqualTo("AZaz09-._~");
	}

	@Test
	void missingFieldIsAClearError() {
		assertThatThrownBy(() -> InputTemplate.of("/u/{id}").expand(Map.of("name", "x")))
			.isInstanceOf(TemplateException.class)
			.hasMessageContaining("needs field 'id'")
			.hasMessageContaining("no field 'id'");
		assertThatThrownBy(() -> InputTemplate.of("/u/{id}").expand("scalar")).isInstanceOf(TemplateException.class)
			.hasMessageContaining("not an object");
	}

}
