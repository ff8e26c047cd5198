#pragma once

#include "common/result.h"
#include "models/conditionsmodel.h"

#include <QWidget>

class QAbstractItemView;
class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace kete::ui {

// The patient's conditions: status (Active / In remission / Resolved / All) and category (problem
// list, encounter diagnoses) filters over a sortable table, active conditions first.
class ConditionsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConditionsView)

public:
    using StatusFilter = models::ConditionsProxyModel::StatusFilter;
    using CategoryFilter = models::ConditionsProxyModel::CategoryFilter;

    explicit ConditionsView(models::ConditionsModel *conditions, QWidget *parent = nullptr);

    QAbstractItemView *table() const;
    models::ConditionsProxyModel *proxy() const { return m_proxy; }
    void setStatusFilter(StatusFilter filter);
    void setCategoryFilter(CategoryFilter filter);
    // The text shown instead of the table ("No conditions on record"); empty while rows show.
    QString emptyStateText() const;
    // Why there can be nothing to show (the grant does not cover it), instead of "none yet".
    void setUnavailableReason(const QString &reason);
    // While the search runs an empty table says "still loading", not "none".
    void setLoading(bool loading);

    // The filtered table as CSV.
    Result<void> exportCsv(const QString &path) const;

private:
    QWidget *createToolbar();
    void configureColumns();
    void updateEmptyState();
    void exportInteractively();

    models::ConditionsModel *m_conditions;
    models::ConditionsProxyModel *m_proxy;
    QComboBox *m_status = nullptr;
    QComboBox *m_category = nullptr;
    QPushButton *m_export = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QString m_unavailableReason;
    bool m_loading = false;
};

} // namespace kete::ui
