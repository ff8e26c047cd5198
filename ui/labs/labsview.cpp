#include "labs/labsview.h"

#include "common/atomicfile.h"
#include "dialogs/fileexport.h"
#include "labs/labcolumns.h"
#include "labs/labdelegates.h"
#include "labs/pagedprint.h"
#include "labs/rangebardelegate.h"
#include "labs/sparklinedelegate.h"
#include "models/csvexport.h"
#include "models/labcsv.h"
#include "models/labhistorymodel.h"
#include "models/labresultcomments.h"
#include "models/labtestsmodel.h"
#include "widgets/recordtable.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPdfWriter>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTextDocument>
#include <QUrl>
#include <QVBoxLayout>
#include <algorithm>

namespace kete::ui {

using models::LabHistoryModel;
using models::LabTestsModel;

namespace {

QPageSize pageSizeForLocale()
{
    return QLocale().measurementSystem() == QLocale::ImperialUSSystem ? QPageSize(QPageSize::Letter)
                                                                      : QPageSize(QPageSize::A4);
}

void fillSummary(QTextDocument &document, const QString &html)
{
    QFont font = document.defaultFont();
    font.setPointSizeF(10);
    document.setDefaultFont(font);
    document.setDefaultStyleSheet(QStringLiteral(
        "h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 12px; }"
        "th { text-align: left; font-weight: bold; background-color: #e8e8e8; }"
        "td, th { padding: 3px 6px; } .flag { font-weight: bold; white-space: nowrap; }"
        ".nowrap { white-space: nowrap; }"
        ".legend, .pageheader { font-size: 9pt; } .context { color: #333; }"));
    document.setHtml(html);
}

// Prints the summary on `device` with the patient's heading on every page.
void printSummaryOn(QPagedPaintDevice &device, const QString &html, const QString &headerHtml)
{
    QTextDocument document;
    fillSummary(document, html);
    printPaged(device, document, headerHtml);
}

} // namespace

LabsView::LabsView(LabTestsModel *tests, QWidget *parent)
    : QWidget(parent)
    , m_tests(tests)
    , m_proxy(new models::LabTestsProxyModel(this))
    , m_history(new LabHistoryModel(this))
{
    setObjectName(QStringLiteral("labsView"));
    setAccessibleName(tr("Lab results"));
    // When the proxy hides or moves the selected row, the view would move the selection to a
    // neighbour; connected before and after the proxy, these keep it on its test instead.
    const auto hold = [this] { m_keepSelection = true; };
    const auto release = [this] {
        m_keepSelection = false;
        restoreSelection();
    };
    connect(m_tests, &QAbstractItemModel::dataChanged, this, hold);
    connect(m_tests, &QAbstractItemModel::rowsInserted, this, hold);
    m_proxy->setSourceModel(m_tests);
    connect(m_tests, &QAbstractItemModel::dataChanged, this, release);
    connect(m_tests, &QAbstractItemModel::rowsInserted, this, release);
    m_proxy->setGroupByPanel(true);

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setObjectName(QStringLiteral("labSplitter"));
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(createTable());
    m_splitter->addWidget(createDetail());
    m_splitter->setStretchFactor(0, 2);
    m_splitter->setStretchFactor(1, 3);
    m_splitter->installEventFilter(this);
    // The list has the whole height until a test is chosen.
    m_detail->hide();

    m_closeShortcut = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    m_closeShortcut->setContext(Qt::WidgetWithChildrenShortcut);
    m_closeShortcut->setEnabled(false);
    connect(m_closeShortcut, &QShortcut::activated, this, &LabsView::closeDetail);

    // One rule for every flag, said where the flags are.
    auto *rule = new QLabel(fhir::flagRuleText(), this);
    rule->setObjectName(QStringLiteral("labFlagRule"));
    rule->setWordWrap(true);
    rule->setForegroundRole(QPalette::PlaceholderText);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(createToolbar());
    layout->addWidget(m_splitter, 1);
    layout->addWidget(rule);

    m_normalRowHeight = m_table->verticalHeader()->defaultSectionSize();
    m_normalMargins = layout->contentsMargins();

    connectModels();
    configureColumns();
    orderFocusChain();
    updateEmptyState();
    showSelectedTest();
}

void LabsView::setRecentAbnormalMonths(int months, const QDateTime &now)
{
    {
        const QSignalBlocker blockCheck(m_recentAbnormal);
        const QSignalBlocker blockMonths(m_recentMonths);
        m_recentAbnormal->setChecked(months > 0);
        if (months > 0)
            m_recentMonths->setValue(months);
    }
    const QDateTime since = months > 0 ? now.addMonths(-months) : QDateTime();
    keepingSelection([&] { m_proxy->setAbnormalSince(since); });
}

void LabsView::setCompact(bool compact)
{
    m_compact = compact;
    // Compact: a line of text and a little air, still room for the range bar and the sparkline.
    const int line = m_table->fontMetrics().height();
    QHeaderView *rows = m_table->verticalHeader();
    rows->setMinimumSectionSize(line + 2);
    rows->setDefaultSectionSize(compact ? line + 6 : m_normalRowHeight);
    layout()->setContentsMargins(compact ? QMargins(6, 4, 6, 4) : m_normalMargins);
}

void LabsView::orderFocusChain()
{
    // Tab reads the page as it is laid out: the toolbar, the tests, then the chosen test's time
    // range, chart and history and its buttons. The toolbar is made after the rest, so without
    // this Tab would leave the page from the toolbar (into the section list) before the tests.
    QList<QWidget *> chain{m_search,       m_groupByPanel, m_outOfRangeOnly, m_recentAbnormal,
                           m_recentMonths, m_exportTable,  m_print,          m_table};
    for (const models::TimeRange range :
         {models::TimeRange::ThreeMonths, models::TimeRange::OneYear, models::TimeRange::FiveYears,
          models::TimeRange::All})
        chain << m_chart->timeRangeButton(range);
    chain << m_chart << m_historyView << m_exportHistory << m_closeDetail;
    for (qsizetype i = 1; i < chain.size(); ++i)
        QWidget::setTabOrder(chain.at(i - 1), chain.at(i));
}

QWidget *LabsView::createToolbar()
{
    auto *bar = new QWidget(this);
    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("labSearch"));
    m_search->setPlaceholderText(tr("Search tests…"));
    m_search->setAccessibleName(tr("Search lab tests"));
    m_search->setClearButtonEnabled(true);
    m_search->installEventFilter(this);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        keepingSelection([&] { m_proxy->setSearchText(text); });
    });

    m_groupByPanel = new QCheckBox(tr("Group by panel"), bar);
    m_groupByPanel->setObjectName(QStringLiteral("labGroupByPanel"));
    m_groupByPanel->setAccessibleName(tr("Group by panel"));
    m_groupByPanel->setChecked(true);
    connect(m_groupByPanel, &QCheckBox::toggled, this, [this](bool on) {
        keepingSelection([&] { m_proxy->setGroupByPanel(on); });
        configureColumns();
    });

    m_outOfRangeOnly = new QCheckBox(tr("Out of range only"), bar);
    m_outOfRangeOnly->setObjectName(QStringLiteral("labOutOfRangeOnly"));
    m_outOfRangeOnly->setAccessibleName(tr("Show only results outside the normal range"));
    connect(m_outOfRangeOnly, &QCheckBox::toggled, this,
            [this](bool on) { keepingSelection([&] { m_proxy->setOutOfRangeOnly(on); }); });

    // Beside "out of range only": what was abnormal lately, though the latest may be normal.
    m_recentAbnormal = new QCheckBox(tr("Abnormal in the last"), bar);
    m_recentAbnormal->setObjectName(QStringLiteral("labRecentAbnormal"));
    m_recentMonths = new QSpinBox(bar);
    m_recentMonths->setObjectName(QStringLiteral("labRecentAbnormalMonths"));
    m_recentMonths->setRange(1, 120);
    m_recentMonths->setValue(6);
    m_recentMonths->setSuffix(tr(" months"));
    m_recentMonths->setAccessibleName(tr("Months to look back for abnormal results"));
    const auto updateRecent = [this] {
        m_recentAbnormal->setAccessibleName(
            tr("Show only tests with a result outside the normal range in the last %n months",
               nullptr, m_recentMonths->value()));
        setRecentAbnormalMonths(m_recentAbnormal->isChecked() ? m_recentMonths->value() : 0);
    };
    connect(m_recentAbnormal, &QCheckBox::toggled, this, updateRecent);
    connect(m_recentMonths, &QSpinBox::valueChanged, this, updateRecent);
    m_recentAbnormal->setAccessibleName(
        tr("Show only tests with a result outside the normal range in the last %n months", nullptr,
           m_recentMonths->value()));

    m_exportTable = new QPushButton(tr("Export table…"), bar);
    m_exportTable->setObjectName(QStringLiteral("labExportTable"));
    m_exportTable->setAccessibleName(tr("Export the lab results table as CSV"));
    connect(m_exportTable, &QPushButton::clicked, this, &LabsView::exportTableInteractively);

    m_print = new QPushButton(tr("Print…"), bar);
    m_print->setObjectName(QStringLiteral("labPrint"));
    m_print->setAccessibleName(tr("Print a summary of the lab results"));
    connect(m_print, &QPushButton::clicked, this, &LabsView::printSummary);

    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 1);
    layout->addSpacing(8);
    layout->addWidget(m_groupByPanel);
    layout->addWidget(m_outOfRangeOnly);
    layout->addWidget(m_recentAbnormal);
    layout->addWidget(m_recentMonths);
    layout->addSpacing(8);
    layout->addWidget(m_exportTable);
    layout->addWidget(m_print);
    return bar;
}

QWidget *LabsView::createTable()
{
    m_tableStack = new QStackedWidget(this);
    m_table = createRecordTable(m_proxy, QStringLiteral("labTable"), tr("Lab tests"), m_tableStack);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LabTestsModel::NameColumn, Qt::AscendingOrder);
    m_table->setItemDelegateForColumn(
        LabTestsModel::FlagColumn,
        new FlagDelegate(LabTestsModel::FlagRole, LabTestsModel::ComputedFlagRole, m_table));
    m_table->setItemDelegateForColumn(
        LabTestsModel::ValueColumn,
        new BadgeDelegate(LabTestsModel::StatusBadgeRole, false, m_table));
    m_table->setItemDelegateForColumn(LabTestsModel::PanelColumn, new PanelDelegate(m_table));
    m_table->setItemDelegateForColumn(LabTestsModel::RangeColumn,
                                      new RangeBarDelegate(LabTestsModel::RangeRole, m_table));
    m_table->setItemDelegateForColumn(
        LabTestsModel::CountColumn,
        new SparklineDelegate(LabTestsModel::RecentValuesRole, LabTestsModel::RangeRole, m_table));
    m_table->installEventFilter(this);
    m_table->viewport()->installEventFilter(this);
    // A click or Enter chooses a test; arrow keys only move through them.
    connect(m_table, &QAbstractItemView::clicked, this, &LabsView::openDetail);
    connect(m_table, &QAbstractItemView::activated, this, &LabsView::openDetail);

    m_empty = new QLabel(m_tableStack);
    m_empty->setObjectName(QStringLiteral("labEmptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);

    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(m_empty);
    return m_tableStack;
}

QWidget *LabsView::createDetail()
{
    auto *detail = new QWidget(this);
    detail->setObjectName(QStringLiteral("labDetail"));
    m_detail = detail;

    m_detailTitle = new QLabel(detail);
    m_detailTitle->setObjectName(QStringLiteral("labDetailTitle"));
    QFont titleFont = m_detailTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_detailTitle->setFont(titleFont);
    m_detailTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Long names and text ranges wrap inside the space there is; they never widen the window.
    m_detailTitle->setWordWrap(true);
    m_detailTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_detailCode = new QLabel(detail);
    m_detailCode->setObjectName(QStringLiteral("labDetailCode"));
    m_detailCode->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailCode->setWordWrap(true);
    m_detailCode->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_detailCode->setForegroundRole(QPalette::PlaceholderText);
    m_detailCode->hide();
    m_detailSummary = new QLabel(detail);
    m_detailSummary->setObjectName(QStringLiteral("labDetailSummary"));
    m_detailSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detailSummary->setWordWrap(true);
    m_detailSummary->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    m_exportHistory = new QPushButton(tr("Export history…"), detail);
    m_exportHistory->setObjectName(QStringLiteral("labExportHistory"));
    m_exportHistory->setAccessibleName(tr("Export this test's history as CSV"));
    connect(m_exportHistory, &QPushButton::clicked, this, &LabsView::exportHistoryInteractively);

    m_closeDetail = new QPushButton(tr("Close"), detail);
    m_closeDetail->setObjectName(QStringLiteral("labDetailClose"));
    m_closeDetail->setIcon(style()->standardIcon(QStyle::SP_DialogCloseButton));
    m_closeDetail->setAccessibleName(tr("Close this test's chart and history"));
    m_closeDetail->setToolTip(tr("Close the chart and history (Esc)"));
    connect(m_closeDetail, &QPushButton::clicked, this, &LabsView::closeDetail);

    m_chart = new TrendChart(detail);
    m_chart->setObjectName(QStringLiteral("labChart"));
    m_chart->setFocusPolicy(Qt::StrongFocus);

    m_historyView =
        createRecordTable(m_history, QStringLiteral("labHistory"), tr("Result history"), detail);
    m_historyView->setItemDelegateForColumn(LabHistoryModel::FlagColumn,
                                            new FlagDelegate(LabHistoryModel::FlagRole,
                                                             LabHistoryModel::ComputedFlagRole,
                                                             m_historyView));
    m_historyView->setItemDelegateForColumn(
        LabHistoryModel::StatusColumn,
        new BadgeDelegate(LabHistoryModel::StatusBadgeRole, true, m_historyView));
    QHeaderView *header = m_historyView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(LabHistoryModel::NoteColumn, QHeaderView::Stretch);
    header->setHighlightSections(false);

    m_history->setPerformerNames(m_tests->performerNames());
    // What the lab wrote about a result (its note, the report's conclusion and text) reads
    // under the history, for the row chosen there (the newest first), as MyChart shows result
    // comments; the Note column has it in one line and in its tooltip.
    m_resultComments = new QLabel(detail);
    m_resultComments->setObjectName(QStringLiteral("labResultComments"));
    m_resultComments->setTextFormat(Qt::PlainText);
    m_resultComments->setWordWrap(true);
    m_resultComments->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_resultComments->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_resultComments->hide();
    connect(m_historyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &LabsView::showResultComments);
    connect(m_history, &QAbstractItemModel::modelReset, this, &LabsView::showResultComments);
    auto *historyPane = new QWidget(detail);
    auto *historyLayout = new QVBoxLayout(historyPane);
    historyLayout->setContentsMargins(0, 0, 0, 0);
    historyLayout->addWidget(m_historyView, 1);
    historyLayout->addWidget(m_resultComments);

    auto *split = new QSplitter(Qt::Horizontal, detail);
    split->setChildrenCollapsible(false);
    split->addWidget(m_chart);
    split->addWidget(historyPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);

    auto *heading = new QHBoxLayout;
    heading->addWidget(m_detailTitle, 1);
    heading->addWidget(m_exportHistory);
    heading->addWidget(m_closeDetail);

    auto *layout = new QVBoxLayout(detail);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addLayout(heading);
    layout->addWidget(m_detailCode);
    layout->addWidget(m_detailSummary);
    layout->addWidget(split, 1);
    return detail;
}

void LabsView::connectModels()
{
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { onCurrentRowChanged(current); });
    connect(m_tests, &QAbstractItemModel::dataChanged, this, &LabsView::onSourceDataChanged);
    connect(m_tests, &QAbstractItemModel::modelReset, this, &LabsView::onSourceReset);
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &LabsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LabsView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LabsView::updateEmptyState);
    // New rows and new latest results change what the columns need.
    for (const auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &LabsView::fitColumns);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LabsView::fitColumns);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LabsView::fitColumns);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &LabsView::fitColumns);
}

void LabsView::configureColumns()
{
    QHeaderView *header = m_table->horizontalHeader();
    // fitColumns() sizes them to the width there is; the name takes what is left.
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(LabTestsModel::NameColumn, QHeaderView::Stretch);
    const bool grouped = m_groupByPanel->isChecked();
    m_table->setColumnHidden(LabTestsModel::PanelColumn, !grouped);
    // Grouped, the panel reads like a heading in front of its tests. A row reads as the issue's
    // sketch does: name, latest value, flag, where it falls in the range, date, recent values.
    QList<int> order;
    if (grouped)
        order << LabTestsModel::PanelColumn;
    order << LabTestsModel::NameColumn << LabTestsModel::ValueColumn << LabTestsModel::FlagColumn
          << LabTestsModel::RangeColumn << LabTestsModel::DateColumn << LabTestsModel::CountColumn;
    if (m_tests->showsSources())
        order << LabTestsModel::SourceColumn;
    if (!grouped)
        order << LabTestsModel::PanelColumn;
    for (int visual = 0; visual < int(order.size()); ++visual)
        header->moveSection(header->visualIndex(order.at(visual)), visual);
    fitColumns();
}

void LabsView::fitColumns()
{
    const int available = m_table->viewport()->width();
    if (available <= 0)
        return;
    QHeaderView *header = m_table->horizontalHeader();
    const int character = m_table->fontMetrics().averageCharWidth();
    QList<int> columns;
    QList<ColumnNeed> needs;
    for (int column = 0; column < m_tests->columnCount(); ++column) {
        if (m_table->isColumnHidden(column))
            continue;
        const int contents =
            std::max(static_cast<QAbstractItemView *>(m_table)->sizeHintForColumn(column),
                     header->sectionSizeHint(column));
        // The value, flag, date and results never shrink: their texts are short.
        ColumnNeed need{contents, contents, 3};
        switch (column) {
        case LabTestsModel::NameColumn: // gives way last
            // A long name (a LOINC long name) wraps into its tooltip rather than cutting the
            // panel's heading; the name still stretches into any width left over.
            need.preferred = std::min(contents, 44 * character);
            need.minimum = std::min(contents, 22 * character);
            need.givesWay = 2;
            break;
        case LabTestsModel::RangeColumn: // long text ranges are cut; the tooltip has all
            need.preferred = std::min(contents, RangeBarDelegate::barWidth() + 30 * character);
            need.minimum = std::min(need.preferred, RangeBarDelegate::barWidth() + 17 * character);
            need.givesWay = 1;
            break;
        case LabTestsModel::PanelColumn: // a heading on the first row of its group only
            need.preferred = std::min(contents, 26 * character);
            need.minimum = std::min(need.preferred, 9 * character);
            need.givesWay = 0;
            break;
        case LabTestsModel::SourceColumn: // providers' names are cut; the detail has them all
            need.preferred = std::min(contents, 30 * character);
            need.minimum = std::min(need.preferred, 12 * character);
            need.givesWay = 1;
            break;
        default:
            break;
        }
        columns.append(column);
        needs.append(need);
    }
    const QList<int> widths = fitWidths(needs, available);
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns.at(i) != LabTestsModel::NameColumn) // it stretches into what is left
            header->resizeSection(columns.at(i), widths.at(i));
    }
}

QAbstractItemView *LabsView::testsView() const
{
    return m_table;
}

QAbstractItemView *LabsView::historyView() const
{
    return m_historyView;
}

void LabsView::selectTest(const QString &testKey)
{
    if (m_tests->rowForTestKey(testKey) < 0)
        return;
    const bool changed = testKey != m_selectedKey;
    m_selectedKey = testKey;
    // Asked for by name (from the summary), a test the filter hides is shown: the filter goes.
    if (!proxyIndexFor(testKey).isValid()) {
        const QSignalBlocker blockSearch(m_search);
        const QSignalBlocker blockOutOfRange(m_outOfRangeOnly);
        keepingSelection([&] {
            m_search->clear();
            m_proxy->setSearchText(QString());
            if (!proxyIndexFor(testKey).isValid()) {
                m_outOfRangeOnly->setChecked(false);
                m_proxy->setOutOfRangeOnly(false);
            }
        });
    }
    restoreSelection();
    if (const QModelIndex index = proxyIndexFor(testKey); index.isValid())
        m_table->scrollTo(index);
    if (changed) {
        showSelectedTest();
        Q_EMIT selectedTestChanged(m_selectedKey);
    }
    openDetail();
}

bool LabsView::isDetailOpen() const
{
    return !m_detail->isHidden();
}

void LabsView::openDetail()
{
    if (m_selectedKey.isEmpty()) {
        const QModelIndex current = m_table->currentIndex();
        if (!current.isValid())
            return;
        m_selectedKey = current.data(LabTestsModel::TestKeyRole).toString();
        Q_EMIT selectedTestChanged(m_selectedKey);
    }
    if (isDetailOpen())
        return;
    m_detail->show();
    m_closeShortcut->setEnabled(true);
    // The list gets shorter, once the splitter has laid it out: the chosen test stays in sight.
    QMetaObject::invokeMethod(
        m_table,
        [table = m_table] {
            if (const QModelIndex current = table->currentIndex(); current.isValid())
                table->scrollTo(current);
        },
        Qt::QueuedConnection);
    splitForDetail();
    showSelectedTest();
}

void LabsView::splitForDetail()
{
    // The first time, the list keeps two fifths of the height; later, what the user left. A view
    // not on screen yet (chosen from the summary) has no height to share: it is split when shown.
    if (m_detailSized || !isDetailOpen() || !m_splitter->isVisible() || m_splitter->height() <= 0)
        return;
    const int height = m_splitter->height();
    m_splitter->setSizes({height * 2 / 5, height - height * 2 / 5});
    m_detailSized = true;
}

void LabsView::closeDetail()
{
    if (!isDetailOpen())
        return;
    const bool hadFocus = m_detail->isAncestorOf(QApplication::focusWidget());
    m_detail->hide();
    m_splitter->refresh(); // the list takes the height now, not at the next layout pass
    m_closeShortcut->setEnabled(false);
    if (hadFocus)
        m_table->setFocus(Qt::OtherFocusReason);
}

void LabsView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString LabsView::emptyStateText() const
{
    return m_tableStack->currentWidget() == m_empty ? m_empty->text() : QString();
}

void LabsView::onCurrentRowChanged(const QModelIndex &current)
{
    if (m_keepSelection || !current.isValid())
        return;
    const QString key = current.data(LabTestsModel::TestKeyRole).toString();
    if (key == m_selectedKey)
        return;
    m_selectedKey = key;
    showSelectedTest();
    Q_EMIT selectedTestChanged(m_selectedKey);
}

void LabsView::onSourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    const int row = m_tests->rowForTestKey(m_selectedKey);
    if (row >= topLeft.row() && row <= bottomRight.row())
        showSelectedTest();
}

void LabsView::onSourceReset()
{
    m_selectedKey.clear();
    closeDetail();
    showSelectedTest();
    updateEmptyState();
}

void LabsView::keepingSelection(const std::function<void()> &change)
{
    {
        const QScopedValueRollback keep(m_keepSelection, true);
        change();
    }
    restoreSelection();
    updateEmptyState();
}

void LabsView::restoreSelection()
{
    if (m_selectedKey.isEmpty())
        return;
    const QScopedValueRollback keep(m_keepSelection, true);
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    if (current.isValid() && current.data(LabTestsModel::TestKeyRole).toString() == m_selectedKey)
        return;
    QModelIndex index = proxyIndexFor(m_selectedKey);
    if (!index.isValid()) {
        // Hidden by the filter (or gone): the detail never shows a test the table does not.
        // It follows the table to its first row, or shows nothing when no row is left.
        index = m_proxy->index(0, 0);
        m_selectedKey = index.data(LabTestsModel::TestKeyRole).toString();
        if (index.isValid()) {
            m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                                  QItemSelectionModel::Rows);
        } else {
            m_table->selectionModel()->clear();
            closeDetail();
        }
        showSelectedTest();
        Q_EMIT selectedTestChanged(m_selectedKey);
        return;
    }
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
}

QModelIndex LabsView::proxyIndexFor(const QString &testKey) const
{
    const int sourceRow = m_tests->rowForTestKey(testKey);
    return sourceRow < 0 ? QModelIndex() : m_proxy->mapFromSource(m_tests->index(sourceRow, 0));
}

void LabsView::showSelectedTest()
{
    const int row = m_tests->rowForTestKey(m_selectedKey);
    m_exportHistory->setEnabled(row >= 0);
    if (row < 0) {
        m_detailTitle->setText(tr("No test selected"));
        m_detailTitle->setToolTip(QString());
        m_detailCode->clear();
        m_detailCode->hide();
        m_detailSummary->setText(tr("Choose a test above to see its results over time."));
        m_history->clear();
        m_chart->clear();
        return;
    }
    if (!isDetailOpen()) // filled when it opens
        return;
    const models::LatestLabResult latest = m_tests->latestResult(row);
    const QList<fhir::Observation> results = m_tests->observations(m_selectedKey);
    const QLocale locale;
    m_detailTitle->setText(latest.name);
    m_detailTitle->setToolTip(latest.technicalName.isEmpty() ? latest.name : latest.technicalName);
    // The name the lab uses and its LOINC code, for a question to the doctor or a search.
    m_detailCode->setText(latest.technicalName == latest.name ? QString() : latest.technicalName);
    m_detailCode->setVisible(!m_detailCode->text().isEmpty());
    QStringList facts{tr("Latest %1").arg(latest.observation.valueDisplayString(locale))};
    if (const QString flag = latest.interpretation.flagText(); !flag.isEmpty())
        facts << flag;
    if (latest.hasRange())
        facts << tr("normal range %1").arg(latest.range);
    else
        facts << latest.noRangeReason; // "no range from the lab"
    facts << latest.observation.when().toDisplayString(locale);
    facts << (results.size() == 1 ? tr("1 result") : tr("%1 results").arg(results.size()));
    m_detailSummary->setText(facts.join(QStringLiteral(" · ")));

    // A row across providers: every value in the row's unit, converted ones marked, and where
    // each result came from.
    const models::DisplayUnit unit = m_tests->displayUnit(m_selectedKey);
    m_history->setDisplayUnit(unit);
    QHash<QString, QStringList> sources;
    if (m_tests->showsSources()) {
        for (const int position : m_tests->resultPositions(m_selectedKey).positions)
            sources.insert(
                LabHistoryModel::resultKey(m_tests->store()->observationAt(position).value),
                m_tests->sourcesAt(position));
    }
    m_history->setSources(std::move(sources));
    m_history->setResults(results, m_tests->patient(),
                          models::labResultComments(results, *m_tests->store()));
    // The history shares the detail with the chart: what no result has takes no room there.
    for (const int column : {LabHistoryModel::StatusColumn, LabHistoryModel::PerformerColumn,
                             LabHistoryModel::NoteColumn, LabHistoryModel::SourceColumn})
        m_historyView->setColumnHidden(column, !m_history->columnHasContent(column));
    m_chart->setData(models::chartData(results, m_tests->patient(), unit));
}

void LabsView::showResultComments()
{
    const QModelIndex current = m_historyView->currentIndex();
    const int row = current.isValid() ? current.row() : 0;
    const models::LabResultComments comments = m_history->comments(row);
    if (comments.isEmpty()) {
        m_resultComments->clear();
        m_resultComments->hide();
        return;
    }
    const QString when = m_history->index(row, LabHistoryModel::DateColumn).data().toString();
    // A long report would push the history out of sight: its start here, all of it in the
    // tooltip and the Note column's.
    constexpr qsizetype kShown = 600;
    QString text = comments.text();
    m_resultComments->setToolTip(text.size() > kShown ? text : QString());
    if (text.size() > kShown)
        text = text.left(kShown).trimmed() + QStringLiteral("…");
    m_resultComments->setText(tr("From the lab, %1:").arg(when) + QLatin1Char('\n') + text);
    m_resultComments->show();
}

void LabsView::setUnavailableReason(const QString &reason)
{
    m_unavailableReason = reason;
    updateEmptyState();
}

void LabsView::updateEmptyState()
{
    QString text;
    if (m_tests->rowCount() == 0 && !m_unavailableReason.isEmpty())
        text = m_unavailableReason;
    else if (m_tests->rowCount() == 0)
        text = tr("No lab results yet");
    else if (m_proxy->rowCount() == 0 && !m_proxy->searchText().trimmed().isEmpty())
        text = tr("No test matches “%1”").arg(m_proxy->searchText().trimmed());
    else if (m_proxy->rowCount() == 0)
        text = tr("No results outside the normal range");
    m_empty->setText(text);
    m_tableStack->setCurrentWidget(text.isEmpty() ? static_cast<QWidget *>(m_table) : m_empty);
    m_exportTable->setEnabled(text.isEmpty());
    m_print->setEnabled(m_tests->rowCount() > 0);
}

bool LabsView::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table->viewport() && event->type() == QEvent::Resize)
        fitColumns();
    if (watched == m_splitter && (event->type() == QEvent::Show || event->type() == QEvent::Resize))
        splitForDetail();
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const auto *key = static_cast<QKeyEvent *>(event);
    if (watched == m_table && (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
        m_table->currentIndex().isValid()) {
        openDetail();
        m_chart->setFocus(Qt::OtherFocusReason);
        return true;
    }
    if (watched == m_search && key->key() == Qt::Key_Down && m_proxy->rowCount() > 0) {
        m_table->setFocus(Qt::OtherFocusReason);
        if (!m_table->currentIndex().isValid())
            m_table->selectRow(0);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QString LabsView::summaryHtml() const
{
    QList<models::LatestLabResult> tests;
    tests.reserve(m_tests->rowCount());
    for (int row = 0; row < m_tests->rowCount(); ++row)
        tests.append(m_tests->latestResult(row));
    std::sort(tests.begin(), tests.end(), [](const auto &a, const auto &b) {
        if (a.panel != b.panel) // tests without a panel last, as on screen
            return b.panel.isEmpty() ||
                   (!a.panel.isEmpty() && a.panel.localeAwareCompare(b.panel) < 0);
        return a.name.localeAwareCompare(b.name) < 0;
    });

    const QString patient = m_tests->patient().displayName();
    QString html =
        QStringLiteral("<html><body><h1>%1</h1>")
            .arg(patient.isEmpty() ? tr("Lab results").toHtmlEscaped()
                                   : tr("Lab results for %1").arg(patient.toHtmlEscaped()));
    html += QStringLiteral("<p>%1</p>")
                .arg(tr("Latest result of each test, printed %1.")
                         .arg(QLocale().toString(QDate::currentDate(), QLocale::LongFormat))
                         .toHtmlEscaped());
    html += QStringLiteral("<p class=\"legend\">%1</p>").arg(flagLegendHtml());
    // A record from several providers: each result says where it came from.
    const bool sources = m_tests->showsSources();
    // <thead>: the column names are printed again on every page the table runs onto.
    const QString header =
        QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"3\"><thead><tr>"
                       "<th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th>%6</tr></thead>")
            .arg(tr("Test").toHtmlEscaped(), tr("Latest result").toHtmlEscaped(),
                 tr("Normal range").toHtmlEscaped(), tr("Flag").toHtmlEscaped(),
                 tr("Date").toHtmlEscaped(),
                 sources ? QStringLiteral("<th>%1</th>").arg(tr("From").toHtmlEscaped())
                         : QString());
    QString currentPanel;
    bool first = true;
    const QLocale locale;
    for (const models::LatestLabResult &test : std::as_const(tests)) {
        if (first || test.panel != currentPanel) {
            if (!first)
                html += QStringLiteral("</table>");
            html +=
                QStringLiteral("<h2>%1</h2>")
                    .arg((test.panel.isEmpty() ? tr("Other tests") : test.panel).toHtmlEscaped());
            html += header;
            currentPanel = test.panel;
            first = false;
        }
        QString flag = test.interpretation.flagText();
        if (test.interpretation.computed && !flag.isEmpty())
            flag = tr("%1 (computed)").arg(flag);
        // Values, flags and dates never wrap: a row stays one line, and one page.
        const QString from = sources ? QStringLiteral("<td>%1</td>")
                                           .arg(m_tests
                                                    ->index(m_tests->rowForTestKey(test.testKey),
                                                            LabTestsModel::SourceColumn)
                                                    .data()
                                                    .toString()
                                                    .toHtmlEscaped())
                                     : QString();
        html += QStringLiteral("<tr><td>%1</td><td class=\"nowrap\">%2</td><td>%3</td>"
                               "<td class=\"flag\">%4</td><td class=\"nowrap\">%5</td>%6</tr>")
                    .arg(test.name.toHtmlEscaped(),
                         test.observation.valueDisplayString(locale).toHtmlEscaped(),
                         test.rangeCell().toHtmlEscaped(), flag.toHtmlEscaped(),
                         test.observation.when().toDisplayString(locale).toHtmlEscaped(), from);
    }
    if (first)
        html += QStringLiteral("<p>%1</p>").arg(tr("No lab results yet").toHtmlEscaped());
    else
        html += QStringLiteral("</table>");
    return html + QStringLiteral("</body></html>");
}

QString LabsView::flagLegendHtml()
{
    const QStringList entries{
        tr("<b>High</b> / <b>Low</b>: above or below the normal range"),
        tr("<b>Critical high</b> / <b>Critical low</b>: far outside it; the lab marks it urgent"),
        tr("<b>Abnormal</b>: the lab marks the result as not normal"),
        tr("no flag: within the range, or no range to compare with (the Normal range column "
           "says which)"),
    };
    return tr("Flags: %1.").arg(entries.join(QStringLiteral("; "))) + QStringLiteral("<br>") +
           fhir::flagRuleText().toHtmlEscaped();
}

void LabsView::setProviderName(const QString &name)
{
    m_providerName = name;
}

QString LabsView::pageHeaderHtml() const
{
    const fhir::Patient &patient = m_tests->patient();
    const QLocale locale;
    const QString unknown = tr("not recorded");
    const QString name = patient.displayName();
    const QString born =
        patient.birthDate.isValid() ? patient.birthDate.toDisplayString(locale) : unknown;
    const QString mrn = patient.medicalRecordNumber();
    QString provider = m_providerName;
    if (provider.isEmpty() && m_tests->store()->observationCount() > 0) // the server, at least
        provider = QUrl(m_tests->store()->observationAt(0).provenance.source).host();
    const QStringList who{
        QStringLiteral("<b>%1</b>")
            .arg((name.isEmpty() ? tr("Unnamed patient") : name).toHtmlEscaped()),
        tr("Born %1").arg(born).toHtmlEscaped(),
        tr("MRN %1").arg(mrn.isEmpty() ? unknown : mrn).toHtmlEscaped(),
    };
    const QStringList what{
        tr("Lab results").toHtmlEscaped(),
        tr("Provider: %1").arg(provider.isEmpty() ? unknown : provider).toHtmlEscaped(),
        tr("Printed %1")
            .arg(locale.toString(QDateTime::currentDateTime(), QLocale::ShortFormat))
            .toHtmlEscaped(),
    };
    return QStringLiteral("<p class=\"pageheader\">%1<br>%2</p>")
        .arg(who.join(QStringLiteral(" · ")), what.join(QStringLiteral(" · ")));
}

Result<void> LabsView::exportTestsCsv(const QString &path) const
{
    QList<models::LabCsvRow> rows;
    rows.reserve(m_proxy->rowCount());
    for (int row = 0; row < m_proxy->rowCount(); ++row) { // as the table shows them
        const QString key = m_proxy->index(row, 0).data(LabTestsModel::TestKeyRole).toString();
        const int sourceRow = m_tests->rowForTestKey(key);
        if (sourceRow < 0)
            continue;
        const models::LatestLabResult latest = m_tests->latestResult(sourceRow);
        rows.append({latest.name,
                     latest.panel,
                     latest.observation,
                     latest.interpretation,
                     {},
                     {},
                     m_tests->index(sourceRow, LabTestsModel::SourceColumn).data().toString()});
    }
    return models::writeCsvFile(
        path, models::labResultsCsv(rows, m_tests->patient(),
                                    {false, true, false, m_tests->showsSources()}));
}

Result<void> LabsView::exportHistoryCsv(const QString &path) const
{
    if (m_history->rowCount() == 0)
        return Error{tr("Choose a test first: there is no history to export."),
                     QStringLiteral("no test selected"), ErrorCode::NothingToExport};
    const int testRow = m_tests->rowForTestKey(m_selectedKey);
    const QString testName = testRow >= 0 ? m_tests->latestResult(testRow).name : QString();
    QList<models::LabCsvRow> rows;
    rows.reserve(m_history->rowCount());
    for (int row = 0; row < m_history->rowCount(); ++row) {
        const fhir::Observation &o = m_history->results().at(row);
        rows.append({testName,
                     {},
                     o,
                     fhir::interpret(o, m_tests->patient()),
                     m_history->index(row, LabHistoryModel::PerformerColumn).data().toString(),
                     m_history->comments(row).text(),
                     m_history->index(row, LabHistoryModel::SourceColumn).data().toString()});
    }
    return models::writeCsvFile(
        path, models::labResultsCsv(rows, m_tests->patient(),
                                    {true, false, true, m_tests->showsSources()}));
}

Result<void> LabsView::exportSummaryPdf(const QString &path) const
{
    const QString html = summaryHtml();
    const QString header = pageHeaderHtml();
    return writeFileAtomically(path, [&](QIODevice &file) {
        QPdfWriter writer(&file);
        writer.setCreator(QStringLiteral("Kete"));
        writer.setTitle(tr("Lab results"));
        writer.setPageSize(pageSizeForLocale());
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        printSummaryOn(writer, html, header);
    });
}

void LabsView::exportTableInteractively()
{
    exportToFile(this, {tr("Export lab results"), tr("lab-results.csv"), tr("CSV files (*.csv)")},
                 [this](const QString &path) { return exportTestsCsv(path); });
}

void LabsView::exportHistoryInteractively()
{
    exportToFile(this, {tr("Export test history"), tr("lab-history.csv"), tr("CSV files (*.csv)")},
                 [this](const QString &path) { return exportHistoryCsv(path); });
}

void LabsView::saveSummaryPdfInteractively()
{
    exportToFile(this, {tr("Save lab summary"), tr("lab-summary.pdf"), tr("PDF files (*.pdf)")},
                 [this](const QString &path) { return exportSummaryPdf(path); });
}

void LabsView::printSummary()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setDocName(tr("Lab results"));
    printer.setPageSize(pageSizeForLocale());
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print lab results"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    printSummaryOn(printer, summaryHtml(), pageHeaderHtml());
}

} // namespace kete::ui
