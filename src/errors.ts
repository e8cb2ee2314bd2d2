// The catalogue of errors the API answers with. Each carries the HTTP status and the `error.type` of the
// real API's failure envelope, so handlers throw and one error handler renders.

export interface ValidationIssue {
  location: 'query' | 'body' | 'params' | 'headers'
  param: string
  msg: string
}

/** An error whose status, `error.type` and message are meant for the client. */
export class ApiError extends Error {
  constructor (readonly statusCode: number, readonly type: string, message: string) {
    super(message)
    this.name = type
  }
}

export class Unauthorized extends ApiError {
  constructor () { super(401, 'Unauthorized', 'Unauthorized') }
}

export class CourseNotFound extends ApiError {
  constructor () { super(404, 'CourseNotFound', 'Course not found') }
}

export class NotAcceptable extends ApiError {
  constructor (offered: string) { super(406, 'NotAcceptable', `This resource can be represented as ${offered} only`) }
}

export class UnsupportedMediaType extends ApiError {
  constructor () { super(415, 'UnsupportedMediaType', 'Content-Type must be application/json') }
}

/** 422 RequestValidationError with every invalid parameter listed, as the real API answers. */
export class RequestValidationError extends ApiError {
  constructor (readonly errors: ValidationIssue[]) {
    super(422, 'RequestValidationError', 'The request is not valid')
  }
}
