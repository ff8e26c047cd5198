#include "labs/flowsheetview.h"

#include "dialogs/fileexport.h"
#include "models/csvexport.h"
#include "models/flowsheetcsv.h"
#include "models/flowsheetmodel.h"
#include "models/labtestsmodel.h"
#include "widgets/recordtable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace kete::ui {

using models::FlowsheetModel;
using models::LabTestsModel;

namespace {

constexpr int kChosenTests = -1; // the chooser's data for "Tests you choose"

} // namespace

FlowsheetView::FlowsheetView(models::LabTestsModel *tests, QWidget *parent)
    : QWidget(parent)
    , m_tests(tests)
    , m_model(new FlowsheetModel(tests, this))
    , m_chooser(new QComboBox(this))
    , m_picker(new QListWidget(this))
    , m_grid(createRecordTable(m_model, QStringLiteral("flowsheetGrid"), tr("Flowsheet"), this))
    , m_earlier(new QPushButton(tr("Show &earlier"), this))
    , m_export(new QPushButton(tr("E&xport CSV…"), this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("flowsheetView"));
    m_chooser->setObjectName(QStringLiteral("flowsheetChooser"));
    m_chooser->setAccessibleName(tr("Panel or tests to show"));
    m_chooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_picker->setObjectName(QStringLiteral("flowsheetTestPicker"));
    m_picker->setAccessibleName(tr("Tests to show (Space ticks)"));
    m_picker->setMaximumWidth(280);
    m_picker->hide();
    m_earlier->setObjectName(QStringLiteral("flowsheetEarlier"));
    m_earlier->setToolTip(
        tr("Add the %1 draws before the ones shown").arg(FlowsheetModel::kDrawStep));
    m_export->setObjectName(QStringLiteral("flowsheetExport"));
    m_export->setToolTip(tr("Save the grid as shown as a CSV file"));
    m_summary->setObjectName(QStringLiteral("flowsheetSummary"));
    m_summary->setForegroundRole(QPalette::PlaceholderText);

    // Cells select one at a time: the clinician reads across a row and down a column.
    m_grid->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_grid->setAlternatingRowColors(true);
    m_grid->setShowGrid(true);
    m_grid->verticalHeader()->show();
    m_grid->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_grid->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_grid->verticalHeader()->setMaximumWidth(360);
    m_grid->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_grid->horizontalHeader()->setDefaultAlignment(Qt::AlignCenter);
    m_grid->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);

    auto *show = new QLabel(tr("&Show:"), this);
    show->setBuddy(m_chooser);
    auto *legend = new QLabel(
        tr("Newest on the left · H high · L low · A abnormal · HH, LL, AA ‼ critical (bold)"),
        this);
    legend->setObjectName(QStringLiteral("flowsheetLegend"));
    legend->setForegroundRole(QPalette::PlaceholderText);
    legend->setWordWrap(true);

    auto *bar = new QHBoxLayout;
    bar->addWidget(show);
    bar->addWidget(m_chooser);
    bar->addWidget(m_earlier);
    bar->addWidget(m_export);
    bar->addWidget(m_summary, 1);

    auto *split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);
    split->addWidget(m_picker);
    split->addWidget(m_grid);
    split->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    layout->addLayout(bar);
    layout->addWidget(legend);
    layout->addWidget(split, 1);
    setTabOrder(m_chooser, m_picker);
    setTabOrder(m_picker, m_grid);
    setTabOrder(m_grid, m_earlier);
    setTabOrder(m_earlier, m_export);
    setFocusProxy(m_chooser);

    connect(m_chooser, &QComboBox::activated, this, &FlowsheetView::onChoice);
    connect(m_picker, &QListWidget::itemChanged, this, [this] {
        QStringList keys;
        for (int i = 0; i < m_picker->count(); ++i) {
            if (m_picker->item(i)->checkState() == Qt::Checked)
                keys << m_picker->item(i)->data(Qt::UserRole).toString();
        }
        m_model->showTests(keys);
    });
    connect(m_earlier, &QPushButton::clicked, m_model, &FlowsheetModel::showEarlierDraws);
    connect(m_export, &QPushButton::clicked, this, &FlowsheetView::exportInteractively);
    connect(m_model, &QAbstractItemModel::modelReset, this, &FlowsheetView::updateButtons);
    // One cell is chosen, not a whole row: the row's flags stay readable.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        if (m_model->rowCount() > 0 && m_model->columnCount() > 0)
            m_grid->selectionModel()->setCurrentIndex(m_model->index(0, 0),
                                                      QItemSelectionModel::ClearAndSelect);
    });
    connect(m_model, &QAbstractItemModel::columnsInserted, this, &FlowsheetView::updateButtons);
    connect(m_model, &QAbstractItemModel::columnsRemoved, this, &FlowsheetView::updateButtons);
    // New panels and tests as pages arrive, gathered once per turn of the event loop.
    const auto later = [this] {
        if (m_refreshPending)
            return;
        m_refreshPending = true;
        QTimer::singleShot(0, this, [this] {
            m_refreshPending = false;
            refreshChoices();
        });
    };
    connect(tests, &QAbstractItemModel::rowsInserted, this, later);
    connect(tests, &QAbstractItemModel::rowsRemoved, this, later);
    connect(tests, &QAbstractItemModel::modelReset, this, later);
    connect(tests, &QAbstractItemModel::dataChanged, this, later);
    refreshChoices();
    applyDensity();
    updateButtons();
}

void FlowsheetView::refreshChoices()
{
    const QString current = m_chooser->currentData().toString();
    const bool choosing = m_chooser->currentIndex() >= 0 &&
                          m_chooser->currentData(Qt::UserRole + 1).toInt() == kChosenTests;
    const QStringList panels = m_tests->panelNames();
    QStringList before;
    for (int i = 0; i < m_chooser->count(); ++i)
        before << m_chooser->itemData(i).toString();
    if (before.mid(0, before.size() - 1) != panels || m_chooser->count() == 0) {
        const QSignalBlocker block(m_chooser);
        m_chooser->clear();
        for (const QString &panel : panels)
            m_chooser->addItem(panel, panel);
        m_chooser->addItem(tr("Tests you choose…"), QString());
        m_chooser->setItemData(m_chooser->count() - 1, kChosenTests, Qt::UserRole + 1);
        const int keep = choosing ? m_chooser->count() - 1 : m_chooser->findData(current);
        m_chooser->setCurrentIndex(keep >= 0 ? keep : 0);
        // The first panel is shown until the clinician chooses: a grid, not an empty page.
        if (m_model->panel().isEmpty() && m_model->testKeys().isEmpty() && !choosing &&
            !panels.isEmpty())
            m_model->showPanel(panels.constFirst());
    }
    refreshPicker();
    updateButtons();
}

void FlowsheetView::refreshPicker()
{
    QStringList keys;
    for (int row = 0; row < m_tests->rowCount(); ++row)
        keys << m_tests->testKey(row);
    QStringList shown;
    for (int i = 0; i < m_picker->count(); ++i)
        shown << m_picker->item(i)->data(Qt::UserRole).toString();
    if (shown == keys)
        return;
    const QSignalBlocker block(m_picker);
    const QStringList chosen = m_model->panel().isEmpty() ? m_model->testKeys() : QStringList();
    m_picker->clear();
    for (int row = 0; row < m_tests->rowCount(); ++row) {
        auto *item = new QListWidgetItem(
            m_tests->index(row, LabTestsModel::NameColumn).data().toString(), m_picker);
        item->setData(Qt::UserRole, m_tests->testKey(row));
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(chosen.contains(m_tests->testKey(row)) ? Qt::Checked : Qt::Unchecked);
    }
    m_picker->sortItems();
}

void FlowsheetView::onChoice(int index)
{
    if (m_chooser->itemData(index, Qt::UserRole + 1).toInt() == kChosenTests) {
        m_picker->show();
        QStringList keys;
        for (int i = 0; i < m_picker->count(); ++i) {
            if (m_picker->item(i)->checkState() == Qt::Checked)
                keys << m_picker->item(i)->data(Qt::UserRole).toString();
        }
        m_model->showTests(keys);
        return;
    }
    m_picker->hide();
    m_model->showPanel(m_chooser->itemData(index).toString());
}

void FlowsheetView::showPanel(const QString &panel)
{
    const int index = m_chooser->findData(panel);
    if (index >= 0)
        m_chooser->setCurrentIndex(index);
    m_picker->hide();
    m_model->showPanel(panel);
}

void FlowsheetView::showTests(const QStringList &testKeys)
{
    m_chooser->setCurrentIndex(m_chooser->count() - 1);
    {
        const QSignalBlocker block(m_picker);
        for (int i = 0; i < m_picker->count(); ++i) {
            QListWidgetItem *item = m_picker->item(i);
            item->setCheckState(testKeys.contains(item->data(Qt::UserRole).toString())
                                    ? Qt::Checked
                                    : Qt::Unchecked);
        }
    }
    m_picker->show();
    m_model->showTests(testKeys);
}

void FlowsheetView::updateButtons()
{
    m_earlier->setEnabled(m_model->hasEarlierDraws());
    m_export->setEnabled(m_model->rowCount() > 0);
    if (m_model->rowCount() == 0)
        m_summary->setText(m_model->panel().isEmpty() && m_model->testKeys().isEmpty()
                               ? tr("Choose a panel, or tick tests to compare.")
                               : tr("No results to show."));
    else
        m_summary->setText(
            tr("%1 of %2 draws").arg(m_model->columnCount()).arg(m_model->allDrawCount()));
}

void FlowsheetView::setCompact(bool compact)
{
    m_compact = compact;
    applyDensity();
}

void FlowsheetView::applyDensity()
{
    const int line = fontMetrics().height();
    m_grid->verticalHeader()->setDefaultSectionSize(line + (m_compact ? 4 : 10));
    m_grid->verticalHeader()->setMinimumSectionSize(line + 2);
}

Result<void> FlowsheetView::exportCsv(const QString &path) const
{
    return models::writeCsvFile(path, models::flowsheetCsv(*m_model));
}

void FlowsheetView::exportInteractively()
{
    exportToFile(this, {tr("Export flowsheet"), tr("flowsheet.csv"), tr("CSV files (*.csv)")},
                 [this](const QString &path) { return exportCsv(path); });
}

} // namespace kete::ui
