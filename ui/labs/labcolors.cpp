#include "labs/labcolors.h"

#include <algorithm>

namespace kete::ui {

namespace {

// `a` with `amount` (0..1) of `b` mixed in.
QColor mix(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * amount),
                            float(a.greenF() + (b.greenF() - a.greenF()) * amount),
                            float(a.blueF() + (b.blueF() - a.blueF()) * amount));
}

} // namespace

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < palette.color(QPalette::Text).lightness();
}

GlanceColors glanceColors(const QPalette &palette, bool selected)
{
    const QColor background = palette.color(selected ? QPalette::Highlight : QPalette::Base);
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
    GlanceColors colors;
    colors.outsideZone = mix(background, text, 0.16);
    colors.normalZone = selected ? mix(background, text, 0.45)
                                 : mix(background, palette.color(QPalette::Highlight),
                                       isDark(palette) ? 0.55 : 0.40);
    colors.boundary = mix(background, text, 0.55);
    colors.marker = text;
    colors.ring = background;
    return colors;
}

QColor readableFlagColor(const QColor &flagColor, const QPalette &palette, bool selected)
{
    if (!flagColor.isValid())
        return flagColor;
    if (selected)
        return palette.color(QPalette::HighlightedText);
    if (!isDark(palette))
        return flagColor;
    // The flags' reds and blues are dark; on a dark background they need the lightness the
    // light background gives them by contrast.
    QColor light = flagColor.toHsl();
    light.setHsl(light.hslHue(), std::min(255, light.hslSaturation()),
                 std::max(light.lightness(), 165));
    return light.toRgb();
}

} // namespace kete::ui
