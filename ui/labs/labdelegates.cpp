#include "labs/labdelegates.h"

#include "labs/labcolors.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

namespace kete::ui {

namespace {

constexpr int kIconSize = 16;
constexpr int kBadgePadding = 6;
constexpr int kBadgeGap = 8;

QPolygonF triangle(bool up, qreal top, qreal height)
{
    const qreal s = kIconSize;
    if (up)
        return QPolygonF{
            {QPointF(s / 2, top), QPointF(s - 2, top + height), QPointF(2, top + height)}};
    return QPolygonF{{QPointF(2, top), QPointF(s - 2, top), QPointF(s / 2, top + height)}};
}

void drawExclamationMark(QPainter &painter, const QColor &glyph)
{
    painter.setPen(QPen(glyph, 2, Qt::SolidLine, Qt::RoundCap));
    painter.drawLine(QPointF(8, 4), QPointF(8, 9.5));
    painter.drawPoint(QPointF(8, 12.5));
}

void drawExclamation(QPainter &painter, const QColor &color, const QColor &glyph)
{
    painter.setBrush(color);
    painter.drawEllipse(QRectF(1, 1, kIconSize - 2, kIconSize - 2));
    drawExclamationMark(painter, glyph);
}

// A critical result: a filled square with the arrow (or "!") in the background's colour.
void drawCritical(QPainter &painter, fhir::Flag flag, const QColor &color, const QColor &glyph)
{
    painter.setBrush(color);
    painter.drawRoundedRect(QRectF(0.5, 0.5, kIconSize - 1, kIconSize - 1), 3, 3);
    if (flag == fhir::Flag::CriticalAbnormal) {
        drawExclamationMark(painter, glyph);
        return;
    }
    painter.setBrush(glyph);
    const bool up = flag == fhir::Flag::CriticalHigh;
    const qreal s = kIconSize;
    painter.drawPolygon(
        up ? QPolygonF{{QPointF(s / 2, 3.5), QPointF(s - 3.5, s - 4.5), QPointF(3.5, s - 4.5)}}
           : QPolygonF{{QPointF(3.5, 4.5), QPointF(s - 3.5, 4.5), QPointF(s / 2, s - 3.5)}});
}

} // namespace

QIcon flagIcon(fhir::Flag flag, const QColor &color, const QColor &glyph)
{
    if (!color.isValid() || flag == fhir::Flag::None || flag == fhir::Flag::Normal)
        return {};
    const qreal ratio = qApp ? qApp->devicePixelRatio() : 1.0;
    QPixmap pixmap(QSize(kIconSize, kIconSize) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    switch (flag) {
    case fhir::Flag::High:
        painter.drawPolygon(triangle(true, 3, 10));
        break;
    case fhir::Flag::Low:
        painter.drawPolygon(triangle(false, 3, 10));
        break;
    case fhir::Flag::CriticalHigh:
    case fhir::Flag::CriticalLow:
    case fhir::Flag::CriticalAbnormal:
        drawCritical(painter, flag, color, glyph);
        break;
    default:
        drawExclamation(painter, color, glyph);
        break;
    }
    return QIcon(pixmap);
}

FlagDelegate::FlagDelegate(int flagRole, int computedRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_flagRole(flagRole)
    , m_computedRole(computedRole)
{}

void FlagDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    if (m_computedRole >= 0 && !option->text.isEmpty() && index.data(m_computedRole).toBool())
        option->text = tr("%1 · computed").arg(option->text);
    const auto flag = fhir::Flag(index.data(m_flagRole).toInt());
    const bool selected = option->state & QStyle::State_Selected;
    const QPalette &palette = option->palette;
    const QIcon icon = flagIcon(
        flag, readableFlagColor(index.data(Qt::DecorationRole).value<QColor>(), palette, selected),
        palette.color(selected ? QPalette::Highlight : QPalette::Base));
    if (icon.isNull()) {
        option->features &= ~QStyleOptionViewItem::HasDecoration;
        option->icon = QIcon();
        return;
    }
    option->features |= QStyleOptionViewItem::HasDecoration;
    option->icon = icon;
    option->decorationSize = QSize(kIconSize, kIconSize);
}

BadgeDelegate::BadgeDelegate(int badgeRole, bool badgeOnly, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_badgeRole(badgeRole)
    , m_badgeOnly(badgeOnly)
{}

QSize BadgeDelegate::badgeSize(const QStyleOptionViewItem &option, const QString &badge) const
{
    if (badge.isEmpty())
        return {};
    const QFontMetrics metrics(option.font);
    return {metrics.horizontalAdvance(badge) + 2 * kBadgePadding, metrics.height() + 2};
}

void drawCellWithoutText(QPainter *painter, QStyleOptionViewItem cell)
{
    cell.text.clear();
    const QWidget *widget = cell.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &cell, painter, widget);
}

void BadgeDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const
{
    const QString badge = index.data(m_badgeRole).toString();
    QStyleOptionViewItem textOption = option;
    initStyleOption(&textOption, index);
    if (m_badgeOnly)
        textOption.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &textOption, painter, widget);
    if (badge.isEmpty())
        return;

    const QSize size = badgeSize(option, badge);
    const int textWidth =
        m_badgeOnly ? 0 : QFontMetrics(option.font).horizontalAdvance(textOption.text) + kBadgeGap;
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 2;
    const QRect badgeRect(option.rect.left() + margin + textWidth,
                          option.rect.center().y() - size.height() / 2, size.width(),
                          size.height());
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette &palette = option.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(selected ? palette.highlightedText().color() : palette.mid().color(), 1));
    painter->setBrush(selected ? Qt::NoBrush : palette.button());
    painter->drawRoundedRect(QRectF(badgeRect).adjusted(0.5, 0.5, -0.5, -0.5), size.height() / 2.0,
                             size.height() / 2.0);
    painter->setPen(selected ? palette.highlightedText().color() : palette.buttonText().color());
    painter->drawText(badgeRect, Qt::AlignCenter, badge);
    painter->restore();
}

QSize BadgeDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QSize badge = badgeSize(option, index.data(m_badgeRole).toString());
    if (badge.isValid()) {
        if (m_badgeOnly)
            size.setWidth(badge.width() + 2 * kBadgePadding);
        else
            size.rwidth() += badge.width() + kBadgeGap;
        size.rheight() = std::max(size.height(), badge.height() + 4);
    }
    return size;
}

PanelDelegate::PanelDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{}

void PanelDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QString panel = index.data().toString();
    const bool firstOfGroup =
        index.row() == 0 || index.sibling(index.row() - 1, index.column()).data() != panel;
    if (!firstOfGroup) {
        option->text.clear();
        return;
    }
    option->text = panel.isEmpty() ? tr("Other tests") : panel;
    option->font.setBold(true);
}

} // namespace kete::ui
