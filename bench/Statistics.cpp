#include "Statistics.h"

#include <algorithm>

namespace sk::bench {

double median(QList<double> samples)
{
    if (samples.isEmpty())
        return 0;
    std::sort(samples.begin(), samples.end());
    const qsizetype middle = samples.size() / 2;
    return samples.size() % 2 == 1 ? samples.at(middle) : (samples.at(middle - 1) + samples.at(middle)) / 2.0;
}

} // namespace sk::bench
