// SPDX-License-Identifier: GPL-2.0-only
/*
 * The foundation's demo: creates a world and prints its configuration and
 * memory counters. (It grows into the fault/fork/COW walk-through as the
 * model gains those paths.)
 */
#include <mmsim/kernel/mm.h>
#include <stdio.h>

int main(void)
{
	struct mmsim *w;
	char buf[1024];

	if (mmsim_create(&w, NULL))
		return 1;
	mmsim_version_string(&w->cfg, buf, sizeof(buf));
	fputs(buf, stdout);
	printf("free pages: %ld\n", atomic_long_read(&w->vm_stat[NR_FREE_PAGES]));
	mmsim_destroy(w);
	return 0;
}
