#include "models/chartscale.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace kete::models {

namespace {

constexpr int kTargetSteps = 5;

// 1, 2, 2.5 or 5 times a power of ten, at least `rough`.
double niceStep(double rough)
{
    const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
    for (const double factor : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (factor * magnitude >= rough * (1 - 1e-9))
            return factor * magnitude;
    }
    return 10 * magnitude;
}

ValueScale roundScale(double low, double high, bool nonNegative)
{
    const double span = high - low;
    const double margin = span > 0 ? span * 0.05 : std::max(1e-9, std::abs(high) * 0.1);
    if (span <= 0 && high == 0) {
        low = -1;
        high = 1;
    } else {
        low -= margin;
        high += margin;
    }
    // Lab values are rarely negative; an axis dipping below zero for padding only confuses.
    if (nonNegative)
        low = std::max(0.0, low);
    const double step = niceStep((high - low) / kTargetSteps);
    ValueScale scale;
    scale.min = std::floor(low / step + 1e-9) * step;
    scale.max = std::ceil(high / step - 1e-9) * step;
    if (scale.max <= scale.min)
        scale.max = scale.min + step;
    scale.tickCount = int(std::lround((scale.max - scale.min) / step)) + 1;
    return scale;
}

} // namespace

ValueScale chooseValueScale(QList<double> values, std::optional<double> normalLow,
                            std::optional<double> normalHigh, bool allowClipping)
{
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    if (values.isEmpty() && !normalLow && !normalHigh)
        return {};
    std::sort(values.begin(), values.end());
    const auto boundsOf = [&](qsizetype kept) {
        double low = std::numeric_limits<double>::max();
        double high = std::numeric_limits<double>::lowest();
        if (kept > 0) {
            low = values.constFirst();
            high = values.at(kept - 1);
        }
        for (const std::optional<double> &limit : {normalLow, normalHigh}) {
            if (limit) {
                low = std::min(low, *limit);
                high = std::max(high, *limit);
            }
        }
        return std::pair{low, high};
    };
    const qsizetype n = values.size();
    const auto [allLow, allHigh] = boundsOf(n);
    const bool nonNegative = allLow >= 0;
    // The axis of a non-negative series starts at zero or close to it: squeezing is measured from
    // where the axis will start.
    const double floor = nonNegative ? std::min(allLow, 0.0) : allLow;
    qsizetype kept = n;
    const qsizetype maxClipped = qsizetype(double(n) * kMaxClippedShare);
    if (allowClipping && n >= 4) {
        for (qsizetype clipped = 1; clipped <= std::max<qsizetype>(1, maxClipped); ++clipped) {
            const double rest = boundsOf(n - clipped).second - floor;
            if (rest >= 0 && rest < kSqueezeShare * (allHigh - floor)) {
                kept = n - clipped;
                break;
            }
        }
    }
    const auto [low, high] = boundsOf(kept);
    ValueScale scale = roundScale(low, high, nonNegative);
    for (qsizetype i = kept; i < n; ++i) {
        if (values.at(i) > scale.max) {
            ++scale.clippedAbove;
            scale.highestClipped = values.at(i);
        }
    }
    return scale;
}

} // namespace kete::models
