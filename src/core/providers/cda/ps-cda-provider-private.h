/* ps-cda-provider-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the provider's other files (ps-cda-variables.c).
 */
#pragma once

#include "ps-cda-provider.h"

G_BEGIN_DECLS

PsFetcher *_ps_cda_provider_get_fetcher (PsCdaProvider *self);

G_END_DECLS
