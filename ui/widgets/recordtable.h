#pragma once

#include <QString>

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace kete::ui {

// How every table of health data in Kete looks and behaves: read-only, whole rows selected one
// at a time, alternating rows, no grid, no row numbers, and a name for screen readers. Tab
// leaves it for the next control; the chosen row shows in full colour only while it has focus.
QTableView *createRecordTable(QAbstractItemModel *model, const QString &objectName,
                              const QString &accessibleName, QWidget *parent);

} // namespace kete::ui
