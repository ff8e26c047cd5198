#pragma once

#include <QWidget>

class QLabel;

namespace kete::ui {

// Whose record this is, always visible above it: name, sex, age, birth date, identifiers.
class PatientBanner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PatientBanner)

public:
    explicit PatientBanner(QWidget *parent = nullptr);

    void setPatient(const QString &name, const QString &details);
    void setDataAsOf(const QString &text);
    QString patientName() const;

private:
    QLabel *m_name;
    QLabel *m_details;
    QLabel *m_asOf;
};

} // namespace kete::ui
