#pragma once

#include "fhir/interpretation.h"

#include <QIcon>
#include <QStyledItemDelegate>

namespace kete::ui {

// Draws an item view's cell as its style does (background, selection, focus) but without its
// text: for a delegate that draws a graphic and then the text beside it.
void drawCellWithoutText(QPainter *painter, QStyleOptionViewItem cell);

// A small arrow (up for high, down for low, "!" for abnormal) in the flag's colour, so the flag
// never rests on colour alone: the word stays next to it. A critical result is a filled square
// with the arrow (or "!") cut out in `glyph`, so that it stands out from an ordinary high or low
// by its shape too.
QIcon flagIcon(fhir::Flag flag, const QColor &color, const QColor &glyph = Qt::white);

// The flag column: the model's words, with flagIcon() instead of the bare colour swatch, and
// "· computed" after a flag Kete computed (read from `computedRole` when it is not -1). The
// colour is made readable on the palette's background (dark mode, a selected row).
class FlagDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FlagDelegate)

public:
    // `flagRole` holds int(fhir::Flag); the colour comes from Qt::DecorationRole.
    FlagDelegate(int flagRole, int computedRole, QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;

private:
    int m_flagRole;
    int m_computedRole;
};

// Text followed by a rounded badge ("Preliminary", "Amended") read from `badgeRole`; with
// `badgeOnly` the cell shows the badge alone (for a column whose text is the badge).
class BadgeDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BadgeDelegate)

public:
    BadgeDelegate(int badgeRole, bool badgeOnly, QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    QSize badgeSize(const QStyleOptionViewItem &option, const QString &badge) const;

    int m_badgeRole;
    bool m_badgeOnly;
};

// The panel column while tests are grouped: the panel's name in bold on the first row of its
// group only, "Other tests" for tests without a panel.
class PanelDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PanelDelegate)

public:
    explicit PanelDelegate(QObject *parent = nullptr);

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace kete::ui
