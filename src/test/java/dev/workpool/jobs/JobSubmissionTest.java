package dev.workpool.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobSubmissionTest {

	@Test
	void theAutoChunkSizeGivesEachLaneAboutFourChunksAsPoolMapDoes() {
		// Pool.map: chunksize, extra = divmod(len(iterable), len(pool) * 4); if extra:
		// chunksize += 1
		assertThat(JobSubmission.autoChunkSize(20_000, 2, 10_000)).isEqualTo(1000);
		assertThat(JobSubmission.autoChunkSize(2_000, 32, 10_000)).isEqualTo(16);
		assertThat(JobSubmission.autoChunkSize(5_000, 4, 10_000)).isEqualTo(313);
		assertThat(JobSubmission.autoChunkSize(100, 2, 10_000)).isEqualTo(13);
		assertThat(JobSubmission.autoChunkSize(8, 2, 10_000)).isEqualTo(1);
		assertThat(JobSubmission.autoChunkSize(1, 64, 10_000)).isEqualTo(1);
	}

	@Test
	void theAutoChunkSizeStaysWithinItsCapAndTheConfiguredMaximum() {
		assertThat(JobSubmission.autoChunkSize(1_000_000, 2, 10_000)).isEqualTo(JobSubmission.MAX_AUTO_CHUNK_SIZE);
		assertThat(JobSubmission.autoChunkSize(Integer.MAX_VALUE, 1, 10_000))
			.isEqualTo(JobSubmission.MAX_AUTO_CHUNK_SIZE);
		assertThat(JobSubmission.autoChunkSize(100_000, 1, 500)).isEqualTo(500);
		assertThat(JobSubmission.autoChunkSize(10, 0, 10_000)).isEqualTo(3);
	}

}
