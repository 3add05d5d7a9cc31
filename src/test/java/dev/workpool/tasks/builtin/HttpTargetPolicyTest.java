package dev.workpool.tasks.builtin;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTargetPolicyTest {

	private final HttpTargetPolicy policy = HttpTargetPolicy.of(List.of("api.example.com", "*.internal.example.org",
			"10.1.2.3:8080", "[fd00::1]", "127.0.0.1", "localhost:9000", "Upper.Example.COM."));

	@Test
	void exactNamesMatchAnyPortUnlessOneIsGiven() {
		assertThat(this.policy.match("api.example.com", 443)).isNotNull();
		assertThat(this.policy.match("api.example.com", 8443)).isNotNull();
		assertThat(this.policy.match("x.api.example.com", 443)).isNull();
		assertThat(this.policy.match("example.com", 443)).isNull();
		assertThat(this.policy.match("localhost", 9000)).isNotNull();
		assertThat(this.policy.match("localhost", 80)).isNull();
		assertThat(this.policy.match("upper.example.com", 80)).isNotNull();
	}

	@Test
	void wildcardsMatchNamesBelowTheDomainOnly() {
		assertThat(this.policy.match("a.internal.example.org", 80)).isNotNull();
		assertThat(this.policy.match("a.b.internal.example.org", 80)).isNotNull();
		assertThat(this.policy.match("internal.example.org", 80)).isNull();
		assertThat(this.policy.match("evilinternal.example.org", 80)).isNull();
	}

	@Test
	void ipEntriesMatchTheSameAddressInAnyNotation() {
		assertThat(this.policy.match("10.1.2.3", 8080)).isNotNull();
		assertThat(this.policy.match("10.1.2.3", 80)).isNull();
		assertThat(this.policy.match("fd00:0:0:0:0:0:0:1", 80)).isNotNull();
		assertThat(this.policy.match("127.0.0.1", 41234)).isNotNull();
		assertThat(this.policy.match("127.0.0.2", 80)).isNull();
		assertThat(this.policy.match("2130706433", 80)).isNull();
	}

	@Test
	void emptyListDeniesEverything() {
		HttpTargetPolicy none = HttpTargetPolicy.of(List.of());
		assertThat(none.isEmpty()).isTrue();
		assertThat(none.match("api.example.com", 443)).isNull();
		assertThat(none.match("127.0.0.1", 80)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "http://x.com", "a b", "x.com:0", "x.com:70000", "*.", "[::1", "a/b", "*" })
	void badEntryFailsNamingTheProperty(String entry) {
		assertThatThrownBy(() -> HttpTargetPolicy.of(List.of(entry))).isInstanceOf(IllegalArgumentException.class)
			.hasMessageStartingWith("workpool.tasks.http.allowed-hosts: '" + entry + "'");
	}

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1", "127.9.9.9", "::1", "169.254.169.254", "169.254.1.1", "fe80::1",
			"fd00:ec2::254", "0.0.0.0", "::", "224.0.0.1", "ff02::1", "::ffff:127.0.0.1", "0.1.2.3", "255.255.255.255",
			"100.100.100.200" })
	void dangerousAddressesAreForbidden(String address) throws Exception {
		assertThat(HttpTargetPolicy.forbidden(InetAddress.getByName(address))).isNotNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "93.184.216.34", "10.0.0.1", "192.168.1.1", "2606:4700::1111", "fd00::1" })
	void ordinaryAddressesAreNot(String address) throws Exception {
		assertThat(HttpTargetPolicy.forbidden(InetAddress.getByName(address))).isNull();
	}

	@Test
	void nameResolvingToLoopbackIsRefused() throws Exception {
		HttpTargetPolicy.Entry entry = this.policy.match("api.example.com", 443);
		List<InetAddress> resolved = List.of(InetAddress.getByName("93.184.216.34"),
				InetAddress.getByName("127.0.0.1"));
		assertThatThrownBy(() -> HttpTargetPolicy.checkAddresses(entry, "api.example.com", resolved))
			.isInstanceOf(TargetRefusedException.class)
			.hasMessageContaining("api.example.com resolves to 127.0.0.1, a loopback address")
			.hasMessageContaining("SSRF");
	}

	@Test
	void wildcardResolvingToMetadataIsRefused() throws Exception {
		HttpTargetPolicy.Entry entry = this.policy.match("a.internal.example.org", 80);
		assertThatThrownBy(() -> HttpTargetPolicy.checkAddresses(entry, "a.internal.example.org",
				List.of(InetAddress.getByName("169.254.169.254"))))
			.hasMessageContaining("cloud metadata");
	}

	@Test
	void literalEntriesAndLocalhostPermitTheirOwnAddresses() throws Exception {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		assertThatCode(() -> HttpTargetPolicy.checkAddresses(this.policy.match("127.0.0.1", 80), "127.0.0.1",
				List.of(loopback)))
			.doesNotThrowAnyException();
		assertThatCode(() -> HttpTargetPolicy.checkAddresses(this.policy.match("localhost", 9000), "localhost",
				List.of(loopback, InetAddress.getByName("::1"))))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> HttpTargetPolicy.checkAddresses(this.policy.match("localhost", 9000), "localhost",
				List.of(InetAddress.getByName("169.254.169.254"))))
			.isInstanceOf(TargetRefusedException.class);
	}

	@Test
	void urlTemplateNamesItsTargetLiterally() {
		HttpUrlTemplate url = HttpUrlTemplate.parse("https://API.example.com/items/{id}?q={q}");
		assertThat(url.scheme()).isEqualTo("https");
		assertThat(url.host()).isEqualTo("api.example.com");
		assertThat(url.port()).isEqualTo(443);
		assertThat(HttpUrlTemplate.parse("http://[::1]:8080/x").host()).isEqualTo("::1");
		assertThat(HttpUrlTemplate.parse("http://10.0.0.1").port()).isEqualTo(80);
		assertThat(url.expand(java.util.Map.of("id", "../admin", "q", "a&b")).toString())
			.isEqualTo("https://API.example.com/items/..%2Fadmin?q=a%26b");
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://{host}/x", "http://api.example.com:{port}/", "{scheme}://api.example.com/",
			"http://api{suffix}/", "ftp://api.example.com/", "http://user:pw@api.example.com/", "http:///x",
			"api.example.com/x", "http://api.example.com:99999/", "http://a b/" })
	void urlTemplateWithoutALiteralTargetIsRefused(String url) {
		assertThatThrownBy(() -> HttpUrlTemplate.parse(url)).isInstanceOf(IllegalArgumentException.class);
	}

}
