// SPDX-License-Identifier: GPL-2.0-only
/* A program outside the tree, built against the installed library. */
#include <mmsim/mmsim.h>
#include <stdio.h>

int main(void)
{
	struct mmsim *w;
	int ret = mmsim_create(&w, NULL);

	if (ret)
		return 1;
	printf("mmsim world at series %u\n", mmsim_series(w));
	mmsim_destroy(w);
	return 0;
}
