/* SPDX-License-Identifier: GPL-2.0-only */
/* The model backend of the scenario language (tools/mmsim/model.c). */
#ifndef MMS_MODEL_H
#define MMS_MODEL_H

#include "backend.h"

extern const struct mms_backend_ops mmsim_model_ops;
void *mmsim_model_new(void);
/* `mmsim demo [NAME]` and `mmsim fuzz` (tools/mmsim/demo.c) */
int mmsim_model_subcommand(int argc, char **argv, FILE *out, FILE *err);

#endif /* MMS_MODEL_H */
