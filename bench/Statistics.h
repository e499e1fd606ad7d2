#pragma once

#include <QList>

namespace sk::bench {

// The median: one slow run (a page-cache miss, a busy core) does not move it.
double median(QList<double> samples);

} // namespace sk::bench
