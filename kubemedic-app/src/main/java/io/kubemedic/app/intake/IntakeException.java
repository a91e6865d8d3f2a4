package io.kubemedic.app.intake;

/**
 * A request the intake refuses, with the HTTP status and the error code it is answered with
 * ({@code {"error": code, "message": ...}}).
 */
public final class IntakeException extends RuntimeException {

    private final int status;
    private final String code;

    public IntakeException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static IntakeException badRequest(String message) {
        return new IntakeException(400, "bad_request", message);
    }

    public static IntakeException unprocessable(String code, String message) {
        return new IntakeException(422, code, message);
    }

    public static IntakeException notFound(String code, String message) {
        return new IntakeException(404, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
