#pragma once

#include <QWidget>

class QListWidget;
class QStackedWidget;

namespace kete::ui {

class PatientBanner;

// One patient's record: the banner on top, sections on the left (Summary, Lab results,
// Conditions), the chosen section on the right.
class RecordView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordView)

public:
    explicit RecordView(QWidget *parent = nullptr);

    PatientBanner *banner() const { return m_banner; }
    void addSection(const QString &title, QWidget *section);
    void showSection(int index);
    int currentSection() const;

private:
    PatientBanner *m_banner;
    QListWidget *m_sections;
    QStackedWidget *m_pages;
};

} // namespace kete::ui
