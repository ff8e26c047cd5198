#pragma once

#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QStackedWidget;
class QTreeWidget;
class QTreeWidgetItem;

namespace kete::models {
class ConditionsModel;
class LabTestsModel;
} // namespace kete::models

namespace kete::ui {

// What matters first: the latest results outside the normal range (newest first) and the
// active conditions. Follows both models as pages arrive.
class SummaryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryView)

public:
    static constexpr int kMaxAbnormalResults = 10;
    // Per item, the test it stands for.
    static constexpr int TestKeyRole = Qt::UserRole + 1;

    SummaryView(models::LabTestsModel *tests, models::ConditionsModel *conditions,
                QWidget *parent = nullptr);

    QTreeWidget *abnormalResults() const { return m_abnormal; }
    QTreeWidget *activeConditions() const { return m_conditions; }
    // The text shown instead of a list when it is empty, else empty.
    QString abnormalEmptyText() const;
    QString conditionsEmptyText() const;
    // Rebuilds now; otherwise rebuilding waits for the event loop, once per burst of changes.
    void refresh();

Q_SIGNALS:
    void labTestActivated(const QString &testKey);

private:
    QWidget *section(const QString &title, QTreeWidget *list, QStackedWidget *stack, QLabel *empty);
    void watch(const QAbstractItemModel *model);
    void fillAbnormal();
    void fillConditions();

    models::LabTestsModel *m_testsModel;
    models::ConditionsModel *m_conditionsModel;
    QTimer m_refresh;
    QTreeWidget *m_abnormal;
    QTreeWidget *m_conditions;
    QStackedWidget *m_abnormalStack;
    QStackedWidget *m_conditionsStack;
    QLabel *m_abnormalEmpty;
    QLabel *m_conditionsEmpty;
};

} // namespace kete::ui
