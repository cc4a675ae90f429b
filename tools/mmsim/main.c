// SPDX-License-Identifier: GPL-2.0-only
/* mmsim: the command line, with the model as its backend. */
#include "cli.h"
#include "model.h"

int main(int argc, char **argv)
{
	return mms_main(argc, argv, &mmsim_model_ops, mmsim_model_new);
}
