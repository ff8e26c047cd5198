#pragma once

#include <QDate>
#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QScrollArea;
class QTreeWidget;
class QTreeWidgetItem;

namespace kete::models {
class ConditionsModel;
class LabTestsModel;
class PinnedTests;
} // namespace kete::models

namespace kete::record {
class ShownRecord;
} // namespace kete::record

namespace kete::ui {

// The page a patient reads first, in four sections:
//   Needs attention    the latest results outside the normal range from the last 12 months,
//                      critical first, then newest first, each with its range bar
//   Recently updated   the tests with a result in the last 30 days, newest first
//   Active conditions  newest onset first
//   Pinned tests       the tests pinned here (right-click a result: Pin to Summary)
// A section with nothing to show is one line of text, not an empty box. Follows both models as
// pages arrive; while a part is still loading its section says so (a "latest" value may still
// change, "none" is not final). Results without a normal range are counted, never called
// normal.
class SummaryView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SummaryView)

public:
    static constexpr int kMaxAbnormalResults = 10;
    static constexpr int kMaxRecentResults = 10;
    static constexpr int kAttentionMonths = 12;
    static constexpr int kRecentDays = 30;
    // Per item, the test it stands for.
    static constexpr int TestKeyRole = Qt::UserRole + 1;

    // The columns of the result lists (Needs attention, Recently updated, Pinned tests).
    enum ResultListColumn
    {
        TestColumn,
        ResultColumn,
        FlagColumn,
        RangeColumn,
        DateColumn
    };

    SummaryView(models::LabTestsModel *tests, models::ConditionsModel *conditions,
                QWidget *parent = nullptr);

    QTreeWidget *abnormalResults() const { return m_abnormal; }
    QTreeWidget *recentResults() const { return m_recent; }
    QTreeWidget *activeConditions() const { return m_conditions; }
    QTreeWidget *pinnedResults() const { return m_pinned; }
    // The line shown instead of a list when it is empty, else empty.
    QString abnormalEmptyText() const;
    QString recentEmptyText() const;
    QString conditionsEmptyText() const;
    QString pinnedEmptyText() const;
    // The line under the results out of range ("2 latest results came without a normal
    // range..."), else empty.
    QString abnormalNoteText() const;
    // The line under the active conditions while more may come, else empty.
    QString conditionsNoteText() const;
    // The line under the pinned tests (pinned tests without a result here), else empty.
    QString pinnedNoteText() const;
    // Rebuilds now; otherwise rebuilding waits for the event loop, once per burst of changes.
    void refresh();

    // What "the last 12 months" and "the last 30 days" count back from; invalid (the default):
    // the current date.
    void setToday(const QDate &today);

    // Where pinned tests are kept (not owned); without it the Pinned tests section is hidden.
    void setPinnedTests(models::PinnedTests *pins);
    models::PinnedTests *pinnedTests() const { return m_pins; }
    // Pins or unpins the test `testKey` of the lab model; false when it cannot be pinned (no
    // LOINC code, no pinned-test store).
    bool setTestPinned(const QString &testKey, bool pinned);
    bool isTestPinned(const QString &testKey) const;

    // Whether the lab results (lab and blood pressure searches) and the conditions are still
    // loading. followLoading() keeps these up to date from a record.
    void setLoading(bool labs, bool conditions);
    bool labsLoading() const { return m_labsLoading; }
    bool conditionsLoading() const { return m_conditionsLoading; }
    // Follows `record`'s part states (ShownRecord::partState) as it loads.
    void followLoading(const record::ShownRecord *record);
    // Words for a clinician looking at a patient's record ("the patient's latest results"),
    // not for the patient ("your latest results").
    void setClinicianView(bool clinician);
    bool isClinicianView() const { return m_clinician; }

Q_SIGNALS:
    void labTestActivated(const QString &testKey);

private:
    struct Section
    {
        QWidget *box = nullptr;
        QTreeWidget *list = nullptr;
        QLabel *empty = nullptr;
        QLabel *note = nullptr;
    };

    Section addSection(const QString &title, QTreeWidget *list, const QString &objectName);
    QTreeWidget *createResultList(const QString &objectName, const QString &accessibleName);
    void addResultItem(QTreeWidget *list, int row);
    void showSection(const Section &section, const QString &empty, const QString &note);
    void showPinMenu(QTreeWidget *list, const QPoint &position);
    void watch(const QAbstractItemModel *model);
    QDate today() const;
    void fillAbnormal();
    void fillRecent();
    void fillConditions();
    void fillPinned();

    models::LabTestsModel *m_testsModel;
    models::ConditionsModel *m_conditionsModel;
    models::PinnedTests *m_pins = nullptr;
    QTimer m_refresh;
    QScrollArea *m_scroll = nullptr;
    QTreeWidget *m_abnormal;
    QTreeWidget *m_recent;
    QTreeWidget *m_conditions;
    QTreeWidget *m_pinned;
    Section m_abnormalSection;
    Section m_recentSection;
    Section m_conditionsSection;
    Section m_pinnedSection;
    QDate m_today;
    bool m_labsLoading = false;
    bool m_conditionsLoading = false;
    bool m_clinician = false;
};

} // namespace kete::ui
