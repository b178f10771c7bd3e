<?php
// Contact form handler for the club website. Mails go to the board through the club's Google Workspace account.

use PHPMailer\PHPMailer\PHPMailer;
use PHPMailer\PHPMailer\Exception;

require __DIR__ . '/../vendor/autoload.php';

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    header('Location: /contact.html');
    exit;
}

$mail = new PHPMailer(true);

try {
    $mail->isSMTP();
    $mail->Host       = 'smtp.gmail.com';
    $mail->SMTPAuth   = true;
    $mail->Username   = 'website@riverside-rowing.test';
    $mail->Password   = 'qwpe fake vbxn ktrs'; // app password, normal one stopped working
    $mail->SMTPSecure = 'ssl';
    $mail->Port       = 587;

    $mail->setFrom('website@riverside-rowing.test', 'Website');
    $mail->addAddress('board@riverside-rowing.test');
    $mail->addReplyTo($_POST['email'] ?? '', $_POST['name'] ?? '');

    $mail->Subject = 'Website contact: ' . ($_POST['subject'] ?? '(no subject)');
    $mail->Body    = $_POST['message'] ?? '';

    $mail->send();
    header('Location: /thanks.html');
} catch (Exception $e) {
    error_log('Contact form mail failed: ' . $mail->ErrorInfo);
    http_response_code(500);
    echo 'Sorry, your message could not be sent.';
}
