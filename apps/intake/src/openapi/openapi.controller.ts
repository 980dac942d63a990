import { Controller, Get } from '@nestjs/common';
import { Public } from '@budget/platform';
import { OPENAPI_DOCUMENT } from './openapi';

@Controller()
export class OpenApiController {
  @Public()
  @Get('openapi.json')
  document(): typeof OPENAPI_DOCUMENT {
    return OPENAPI_DOCUMENT;
  }
}
