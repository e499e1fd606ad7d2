#pragma once

#include "ApiLoad.h"

#include <QString>
#include <optional>

namespace sk::bench {

// The raw twin of the api scenario's load: the same mix (searches, product
// pages, carts ordered and some cancelled) as the statements behind it,
// through the sqlite3 C API on the same file in one thread, without HTTP,
// JSON, threads or services, for `seconds`. A search is the count, the
// page's ids and its rows (ProductSearchSql, the statements the API runs); a
// product page the product, its variants and their stock; an order the
// conditional reservation of each line in one write transaction, a cancel
// its release. Returns requests per second, or nullopt after saying why on
// stderr. Every unit it reserved is released again before it returns.
std::optional<double> rawMixRate(const QString &sqlitePath, const ApiLoadPlan &plan, qint64 locationId,
                                 double seconds);

} // namespace sk::bench
