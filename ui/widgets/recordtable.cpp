#include "widgets/recordtable.h"

#include <QFocusEvent>
#include <QHeaderView>
#include <QTableView>

namespace kete::ui {

namespace {

// The chosen row is drawn in the highlight colour while the table has the keyboard focus, and
// in a quiet tint of it otherwise: where the focus is shows at a glance (Fusion draws a focus
// rectangle only around one cell, and the same highlight for a table that has lost the focus).
class RecordTable final : public QTableView
{
public:
    using QTableView::QTableView;

protected:
    void initViewItemOption(QStyleOptionViewItem *option) const override
    {
        QTableView::initViewItemOption(option);
        if (hasFocus())
            return;
        QPalette &palette = option->palette;
        for (const QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive}) {
            const QColor highlight = palette.color(group, QPalette::Highlight);
            const QColor base = palette.color(group, QPalette::Base);
            const auto mix = [&](int a, int b) { return (a * 2 + b * 3) / 5; };
            palette.setColor(group, QPalette::Highlight,
                             QColor(mix(highlight.red(), base.red()),
                                    mix(highlight.green(), base.green()),
                                    mix(highlight.blue(), base.blue())));
            palette.setColor(group, QPalette::HighlightedText,
                             palette.color(group, QPalette::Text));
        }
    }
    void focusInEvent(QFocusEvent *event) override
    {
        QTableView::focusInEvent(event);
        // Reached with Tab, the table makes its first row current but selects nothing: only a
        // thin frame round one cell would say where the focus is. The current row is chosen.
        if (event->reason() != Qt::MouseFocusReason && selectionModel() &&
            !selectionModel()->hasSelection() && currentIndex().isValid())
            selectionModel()->select(currentIndex(),
                                     QItemSelectionModel::Select | QItemSelectionModel::Rows);
        viewport()->update(); // the whole chosen row, not only its current cell
    }
    void focusOutEvent(QFocusEvent *event) override
    {
        QTableView::focusOutEvent(event);
        viewport()->update();
    }
};

} // namespace

QTableView *createRecordTable(QAbstractItemModel *model, const QString &objectName,
                              const QString &accessibleName, QWidget *parent)
{
    auto *table = new RecordTable(parent);
    table->setObjectName(objectName);
    table->setAccessibleName(accessibleName);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setAlternatingRowColors(true);
    table->setShowGrid(false);
    table->setWordWrap(false);
    // Tab leaves the table for the next control (the arrows move inside it), instead of
    // walking through every cell: a keyboard user would be stuck in a long list.
    table->setTabKeyNavigation(false);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setHighlightSections(false);
    return table;
}

} // namespace kete::ui
