// SPDX-License-Identifier: GPL-2.0-only
/*
 * Benchmark: host memory per simulated page and fault throughput. A world
 * of SIZE (default 1G) gets one process that writes every page of a
 * mapping covering all movable memory but one block, then forks and
 * writes again from the child (COW). Prints sizeof(struct page), the
 * host RSS growth per simulated page and the time per fault. Not a test:
 * its figures go into issue notes.
 */
#include <mmsim/kernel/cpu.h>
#include <mmsim/kernel/mm.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long rss_kb(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6))
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct mmsim_config cfg;
	struct mm_struct *mm, *child;
	unsigned long addr, pages;
	long rss0, rss1, rss2;
	struct mmsim *w;
	double t0, t1, t2;

	mmsim_config_init(&cfg);
	if (argc > 1)
		cfg.memory = strtoull(argv[1], NULL, 0) << 20;
	rss0 = rss_kb();
	if (mmsim_create(&w, &cfg))
		return 1;
	mm = mm_alloc(w);
	/* half of movable memory, so the fork's COW copies fit too */
	pages = (unsigned long)((cfg.memory - cfg.block) >> PAGE_SHIFT) / 2;
	addr = (unsigned long)do_mmap(mm, NULL, 0, pages << PAGE_SHIFT, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE | MAP_ANONYMOUS, 0, 0);
	t0 = now();
	for (unsigned long i = 0; i < pages; i++) {
		u64 v = i;

		if (mmsim_cpu_access(mm, addr + i * PAGE_SIZE, true, &v))
			return 2;
	}
	t1 = now();
	rss1 = rss_kb();
	child = dup_mm(mm);
	for (unsigned long i = 0; i < pages; i++) {
		u64 v = ~i;

		if (mmsim_cpu_access(child, addr + i * PAGE_SIZE, true, &v))
			return 3;
	}
	t2 = now();
	rss2 = rss_kb();
	printf("sizeof(struct page): %zu bytes\n", sizeof(struct page));
	printf("simulated memory: %llu MiB, pages written: %lu (+%lu COW copies)\n",
	       (unsigned long long)(cfg.memory >> 20), pages, pages);
	printf("host RSS: %ld kB before, %ld kB after faults, %ld kB after fork+COW\n",
	       rss0, rss1, rss2);
	printf("host bytes per simulated page (all of memory, memmap+tables+objects): %.1f\n",
	       (double)(rss2 - rss0) * 1024.0 / (double)(cfg.memory >> PAGE_SHIFT));
	printf("host bytes per touched page incl. page tables: %.1f\n",
	       (double)(rss1 - rss0) * 1024.0 / (double)pages);
	printf("anon write faults: %.0f ns each; COW faults after fork: %.0f ns each\n",
	       (t1 - t0) * 1e9 / (double)pages, (t2 - t1) * 1e9 / (double)pages);
	mmput(child);
	mmput(mm);
	mmsim_destroy(w);
	return 0;
}
