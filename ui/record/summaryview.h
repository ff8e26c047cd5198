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

namespace kete::record {
class PatientRecord;
} // namespace kete::record

namespace kete::ui {

// What matters first: the latest results outside the normal range (newest first) and the
// active conditions. Follows both models as pages arrive; while a part is still loading its
// list and its empty state say so (a "latest" value may still change, "none" is not final).
// Results without a normal range are counted, never called normal.
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
    // The line under the list of results out of range ("2 latest results came without a
    // normal range..."), else empty.
    QString abnormalNoteText() const;
    // The line under the active conditions while more may come, else empty.
    QString conditionsNoteText() const;
    // Rebuilds now; otherwise rebuilding waits for the event loop, once per burst of changes.
    void refresh();

    // Whether the lab results (lab and blood pressure searches) and the conditions are still
    // loading. followLoading() keeps these up to date from a record.
    void setLoading(bool labs, bool conditions);
    bool labsLoading() const { return m_labsLoading; }
    bool conditionsLoading() const { return m_conditionsLoading; }
    // Follows `record`'s part states (PatientRecord::partState) as it loads.
    void followLoading(const record::PatientRecord *record);
    // Words for a clinician looking at a patient's record ("the patient's latest results"),
    // not for the patient ("your latest results").
    void setClinicianView(bool clinician);
    bool isClinicianView() const { return m_clinician; }

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
    QLabel *m_abnormalNote;
    QLabel *m_conditionsNote;
    bool m_labsLoading = false;
    bool m_conditionsLoading = false;
    bool m_clinician = false;
};

} // namespace kete::ui
