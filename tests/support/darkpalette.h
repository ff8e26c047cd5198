#pragma once

#include <QColor>
#include <QPalette>

namespace kete::test {

// A dark desktop palette, as a dark-mode user's system gives the app (disabled text included).
inline QPalette darkPalette()
{
    QPalette dark(QColor(0x2d, 0x2f, 0x33), QColor(0x20, 0x22, 0x25));
    const auto set = [&dark](QPalette::ColorRole role, QColor color) {
        dark.setColor(QPalette::All, role, color);
    };
    set(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    set(QPalette::Base, QColor(0x17, 0x18, 0x1a));
    set(QPalette::AlternateBase, QColor(0x22, 0x24, 0x27));
    set(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    set(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    set(QPalette::BrightText, Qt::white);
    set(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    set(QPalette::Highlight, QColor(0x3d, 0x7b, 0xd9));
    set(QPalette::HighlightedText, Qt::white);
    set(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    set(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    set(QPalette::ToolTipBase, QColor(0x2d, 0x2f, 0x33));
    set(QPalette::ToolTipText, QColor(0xe8, 0xea, 0xed));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x86, 0x8b));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x86, 0x8b));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x86, 0x8b));
    return dark;
}

} // namespace kete::test
