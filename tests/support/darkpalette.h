#pragma once

#include <QColor>
#include <QPalette>

namespace kete::test {

// A dark desktop palette, as a dark-mode user's system gives the app.
inline QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xea, 0xed));
    dark.setColor(QPalette::Base, QColor(0x17, 0x18, 0x1a));
    dark.setColor(QPalette::AlternateBase, QColor(0x22, 0x24, 0x27));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xea, 0xed));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    dark.setColor(QPalette::Button, QColor(0x2d, 0x2f, 0x33));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xea, 0xed));
    dark.setColor(QPalette::Mid, QColor(0x50, 0x53, 0x58));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7b, 0xd9));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::ToolTipBase, QColor(0x2d, 0x2f, 0x33));
    dark.setColor(QPalette::ToolTipText, QColor(0xe8, 0xea, 0xed));
    return dark;
}

} // namespace kete::test
