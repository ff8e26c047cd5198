#pragma once

#include <QList>
#include <optional>

namespace kete::models {

// The value axis of a trend chart: round bounds that hold the results and the normal range. One
// outlier (a troponin spike among values near zero) would squeeze every other result into a
// thin line at the bottom; such values are left above the axis instead (`clippedAbove`), for the
// chart to mark at its top edge with their exact value.
struct ValueScale
{
    double min = 0;
    double max = 1;
    int tickCount = 5;    // min, max and the round steps between them
    int clippedAbove = 0; // results above `max`
    double highestClipped = 0;

    bool isClipped() const { return clippedAbove > 0; }
};

// At most this share of the results is ever left above the axis...
inline constexpr double kMaxClippedShare = 0.05;
// ... and only when showing them would leave the rest (with the normal range) less than this
// share of the axis.
inline constexpr double kSqueezeShare = 0.25;

ValueScale chooseValueScale(QList<double> values, std::optional<double> normalLow,
                            std::optional<double> normalHigh, bool allowClipping = true);

} // namespace kete::models
