#pragma once

#include "charts/trendchart.h"
#include "common/result.h"

#include <QDateTime>
#include <QMargins>
#include <QModelIndex>
#include <QWidget>
#include <functional>

class QAbstractItemView;
class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QShortcut;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTableView;

namespace kete::models {
class LabHistoryModel;
class LabTestsModel;
class LabTestsProxyModel;
} // namespace kete::models

namespace kete::ui {

// Lab results: the tests (searchable, grouped by panel, latest result and flag of each, a range
// bar and a sparkline of recent values), and for the chosen test its trend chart and its history
// in a detail pane under the list. The list takes the whole height until a test is chosen
// (a click, Enter, or selectTest()); the pane closes with its Close button or Esc. Arrow keys
// move through the tests; an open detail follows them.
// Follows the model while pages arrive: the selection stays on its test and the detail
// refreshes when that test gets new results. The detail follows the filter: when the search or
// "out of range only" hides the selected test, the first row left is selected instead (nothing,
// and the detail closes, when no row is left).
// The columns fit the width there is: a long text range or panel name is cut (the tooltip has
// all of it) before the test's name is, and the value, flag and date are never pushed out.
class LabsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LabsView)

public:
    explicit LabsView(models::LabTestsModel *tests, QWidget *parent = nullptr);

    QAbstractItemView *testsView() const;
    QAbstractItemView *historyView() const;
    TrendChart *chart() const { return m_chart; }
    models::LabHistoryModel *historyModel() const { return m_history; }
    models::LabTestsProxyModel *proxy() const { return m_proxy; }

    // Selects the test and opens its detail; a filter that hides it is cleared.
    void selectTest(const QString &testKey);
    // The chart and history of the selected test, under the list.
    bool isDetailOpen() const;
    void openDetail();
    void closeDetail();
    QString selectedTestKey() const { return m_selectedKey; }
    void focusSearch();
    // Compact rows for a clinician's desk: more tests in sight (20 and more at 1440×900).
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    // "Abnormal in the last N months": only tests with a result out of range since then.
    // 0: off. `now` is when "the last N months" ends (the clock, unless a test says).
    void setRecentAbnormalMonths(int months, const QDateTime &now = QDateTime::currentDateTime());
    // The text shown instead of the table ("No lab results yet"); empty while rows show.
    QString emptyStateText() const;
    // Why there can be nothing to show (the grant does not cover it), instead of "none yet".
    void setUnavailableReason(const QString &reason);

    // The patient's latest result of every test, grouped by panel, for printing.
    QString summaryHtml() const;
    // What every printed page says on top: the patient's name, birth date and MRN, the provider
    // and when it was printed.
    QString pageHeaderHtml() const;
    // How to read the flags, for printed pages.
    static QString flagLegendHtml();
    // The provider the record comes from, for printed pages ("Demo Health"); without one, the
    // FHIR server's host.
    void setProviderName(const QString &name);
    Result<void> exportTestsCsv(const QString &path) const;
    Result<void> exportHistoryCsv(const QString &path) const;
    Result<void> exportSummaryPdf(const QString &path) const;
    // The same, asking where to save and saying where it went (exportToFile).
    void exportTableInteractively();
    void exportHistoryInteractively();
    void saveSummaryPdfInteractively();

Q_SIGNALS:
    void selectedTestChanged(const QString &testKey);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createToolbar();
    QWidget *createTable();
    QWidget *createDetail();
    void connectModels();
    void orderFocusChain();
    void configureColumns();
    void fitColumns();
    void splitForDetail();
    void onCurrentRowChanged(const QModelIndex &current);
    void onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onSourceReset();
    void keepingSelection(const std::function<void()> &change);
    void restoreSelection();
    QModelIndex proxyIndexFor(const QString &testKey) const;
    void showSelectedTest();
    void updateEmptyState();
    void printSummary();
    void showResultComments();

    models::LabTestsModel *m_tests;
    models::LabTestsProxyModel *m_proxy;
    models::LabHistoryModel *m_history;
    QString m_selectedKey;
    // Set while a model or filter change, not the user, moves the view's current row.
    bool m_keepSelection = false;

    QLineEdit *m_search = nullptr;
    QCheckBox *m_groupByPanel = nullptr;
    QCheckBox *m_outOfRangeOnly = nullptr;
    QCheckBox *m_recentAbnormal = nullptr;
    QSpinBox *m_recentMonths = nullptr;
    bool m_compact = false;
    int m_normalRowHeight = 0;
    QMargins m_normalMargins;
    QPushButton *m_exportTable = nullptr;
    QPushButton *m_print = nullptr;
    QStackedWidget *m_tableStack = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_empty = nullptr;
    QString m_unavailableReason;
    QString m_providerName;
    QLabel *m_resultComments = nullptr; // what the lab wrote about the chosen history row
    QSplitter *m_splitter = nullptr;
    QWidget *m_detail = nullptr;
    bool m_detailSized = false;
    QPushButton *m_closeDetail = nullptr;
    QShortcut *m_closeShortcut = nullptr;
    QLabel *m_detailTitle = nullptr;
    QLabel *m_detailCode = nullptr; // the LOINC long name and code
    QLabel *m_detailSummary = nullptr;
    QPushButton *m_exportHistory = nullptr;
    TrendChart *m_chart = nullptr;
    QTableView *m_historyView = nullptr;
};

} // namespace kete::ui
